import { flowUsersQuerySchema } from '../../../shared/journeys/query-schemas'
import { FORMAT_OPTION, parseCommandLine, parseIntegerOption, SCOPE_OPTIONS } from '../parse-args'
import {
  FLOW_FLAGS,
  FLOW_OPTIONS,
  FLOW_USAGE,
  flowQueryFrom,
  flowSelectionFrom
} from '../query-options'
import { formatFrom } from '../scope-options'
import { validateInput } from '../validate-input'
import { rejectPositionals, SCOPE_USAGE, type CliCommand } from './command'

const OPTIONS = {
  ...SCOPE_OPTIONS,
  ...FORMAT_OPTION,
  ...FLOW_OPTIONS,
  node: { type: 'string' },
  edge: { type: 'string' },
  offset: { type: 'string' },
  limit: { type: 'string' }
} as const

export const flowUsersCommand: CliCommand = {
  usage: `journey flow-users --from-page <url> | --to-page <url> --node ID | --edge ID>ID [options]
  --node "2:/checkout"       a node of the flow, by its id (step:page, as flows prints it)
  --edge "1:/cart>2:/checkout"
                             an edge, source>target (edges point forward in time)
  --offset N --limit N       one page of users, by id (default 0 and 50, limit up to 500)
${FLOW_USAGE}
  --format json|csv|table    csv and table print one user a row: id, name, email, sessions
${SCOPE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    const format = formatFrom(values)
    const offset = parseIntegerOption('offset', values.offset, { min: 0 })
    const limit = parseIntegerOption('limit', values.limit, { min: 1, max: 500 })
    const input = validateInput(
      flowUsersQuerySchema,
      {
        ...flowQueryFrom(values),
        selection: flowSelectionFrom(values),
        users: {
          ...(offset === undefined ? {} : { offset }),
          ...(limit === undefined ? {} : { limit })
        }
      },
      {
        ...FLOW_FLAGS,
        selection: '--node/--edge',
        'users.offset': '--offset',
        'users.limit': '--limit'
      }
    )
    const result = await context.journeys().flowUsers(input, context.callContext)
    context.writeResult(result, format, () => ({
      columns: ['userId', 'name', 'email', 'sessions', 'sessionIds'],
      rows: result.users.map((user) => [
        user.userId,
        user.name,
        user.email,
        user.sessionIds.length,
        user.sessionIds.map(String).join(' ')
      ])
    }))
    if (format !== 'json') {
      context.io.stderr.write(
        `${result.users.length} of ${result.total} users (offset ${result.page.offset}); ${result.sessions} sessions in all\n`
      )
    }
    context.writePlan(result.plan, { explain: values.explain === true, format })
  }
}

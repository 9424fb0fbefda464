import { customerCaseFileSchema } from '../../../shared/journeys/query-schemas'
import { CliInputError } from '../cli-input-error'
import { FORMAT_OPTION, parseCommandLine, parseIntegerOption, SOURCE_OPTIONS } from '../parse-args'
import { dataSourceFrom, formatFrom } from '../scope-options'
import { SCOPE_FLAGS, validateInput } from '../validate-input'
import { rejectPositionals, SOURCE_USAGE, type CliCommand } from './command'

const OPTIONS = {
  ...SOURCE_OPTIONS,
  ...FORMAT_OPTION,
  'sessions-offset': { type: 'string' },
  'sessions-limit': { type: 'string' }
} as const

export const customerCommand: CliCommand = {
  usage: `journey customer <userId> [options]
  --sessions-offset N        skip the N newest sessions (default 0)
  --sessions-limit N         sessions per page, 1 to 500 (default 20)
${SOURCE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals, 1)
    context.enableProgress(values.progress)
    const format = formatFrom(values)
    if (format !== 'json') throw new CliInputError('customer prints JSON only (--format json)')
    const userId = positionals[0]
    if (userId === undefined)
      throw new CliInputError('customer needs a user id: journey customer <userId>')
    const offset = parseIntegerOption('sessions-offset', values['sessions-offset'], { min: 0 })
    const limit = parseIntegerOption('sessions-limit', values['sessions-limit'], {
      min: 1,
      max: 500
    })
    const input = validateInput(
      customerCaseFileSchema,
      {
        source: dataSourceFrom(values),
        userId,
        sessions: { offset: offset ?? 0, limit: limit ?? 20 }
      },
      {
        ...SCOPE_FLAGS,
        userId: '<userId>',
        'sessions.offset': '--sessions-offset',
        'sessions.limit': '--sessions-limit'
      }
    )
    const result = await context.journeys().customerCaseFile(input, context.callContext)
    context.writeResult(result, format)
    context.writePlan(result.plan, { explain: values.explain === true, format })
  }
}

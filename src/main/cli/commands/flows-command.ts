import { flowQuerySchema } from '../../../shared/journeys/query-schemas'
import type { FlowResult } from '../../../shared/journeys/results'
import type { Table } from '../format-table'
import { CliInputError } from '../cli-input-error'
import { FORMAT_OPTION, parseCommandLine, parseIntegerOption, SCOPE_OPTIONS } from '../parse-args'
import { formatFrom, scopeFrom } from '../scope-options'
import { SCOPE_FLAGS, validateInput } from '../validate-input'
import { rejectPositionals, SCOPE_USAGE, type CliCommand } from './command'

const OPTIONS = {
  ...SCOPE_OPTIONS,
  ...FORMAT_OPTION,
  'from-page': { type: 'string' },
  'to-page': { type: 'string' },
  depth: { type: 'string' },
  top: { type: 'string' }
} as const

const FLAGS = { ...SCOPE_FLAGS, page: '--from-page/--to-page', depth: '--depth', topN: '--top' }

export const flowsCommand: CliCommand = {
  name: 'flows',
  summary: 'page flows from a page or to a page, step by step',
  usage: `journey flows --from-page <url> | --to-page <url> [options]
  --from-page <url>          the pages after it (sessions that end go to (exit))
  --to-page <url>            the pages before it (sessions that start go to (entry))
  --depth N                  steps, 1 to 10 (default 5)
  --top N                    pages kept per step, the rest merge into (other) (default 8)
  --format json|csv|table    csv and table print nodes and edges, one row each
${SCOPE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    const format = formatFrom(values)
    const fromPage = values['from-page']
    const toPage = values['to-page']
    if ((fromPage === undefined) === (toPage === undefined)) {
      throw new CliInputError('give exactly one of --from-page <url> or --to-page <url>')
    }
    const depth = parseIntegerOption('depth', values.depth, { min: 1, max: 10 })
    const topN = parseIntegerOption('top', values.top, { min: 1, max: 50 })
    const input = validateInput(
      flowQuerySchema,
      {
        ...scopeFrom(values),
        page: fromPage ?? toPage,
        direction: fromPage !== undefined ? 'from' : 'to',
        ...(depth === undefined ? {} : { depth }),
        ...(topN === undefined ? {} : { topN })
      },
      FLAGS
    )
    const result = await context.journeys().flows(input, context.callContext)
    context.writeResult(result, format, () => flowTable(result))
    context.writePlan(result.plan, { explain: values.explain === true, format })
  }
}

/** Nodes then edges in one table, told apart by `kind`, so the CSV stays one valid table. */
function flowTable(result: FlowResult): Table {
  return {
    columns: ['kind', 'id', 'step', 'page', 'source', 'target', 'sessions', 'users'],
    rows: [
      ...result.nodes.map((n) => ['node', n.id, n.step, n.page, null, null, n.sessions, n.users]),
      ...result.edges.map((e) => [
        'edge',
        null,
        null,
        null,
        e.source,
        e.target,
        e.sessions,
        e.users
      ])
    ]
  }
}

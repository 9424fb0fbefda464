import { flowQuerySchema } from '../../../shared/journeys/query-schemas'
import type { FlowResult } from '../../../shared/journeys/results'
import type { Table } from '../format-table'
import { FORMAT_OPTION, parseCommandLine, SCOPE_OPTIONS } from '../parse-args'
import { FLOW_FLAGS, FLOW_OPTIONS, FLOW_USAGE, flowQueryFrom } from '../query-options'
import { formatFrom } from '../scope-options'
import { validateInput } from '../validate-input'
import { rejectPositionals, SCOPE_USAGE, type CliCommand } from './command'

const OPTIONS = { ...SCOPE_OPTIONS, ...FORMAT_OPTION, ...FLOW_OPTIONS } as const

export const flowsCommand: CliCommand = {
  usage: `journey flows --from-page <url> | --to-page <url> [options]
${FLOW_USAGE}
  --format json|csv|table    csv and table print nodes and edges, one row each
${SCOPE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    const format = formatFrom(values)
    const input = validateInput(flowQuerySchema, flowQueryFrom(values), FLOW_FLAGS)
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

import { customerSearchSchema } from '../../../shared/journeys/query-schemas'
import { CliInputError } from '../cli-input-error'
import { FORMAT_OPTION, parseCommandLine, parseIntegerOption, SOURCE_OPTIONS } from '../parse-args'
import { dataSourceFrom, formatFrom } from '../scope-options'
import { SCOPE_FLAGS, validateInput } from '../validate-input'
import { rejectPositionals, SOURCE_USAGE, type CliCommand } from './command'

const OPTIONS = { ...SOURCE_OPTIONS, ...FORMAT_OPTION, limit: { type: 'string' } } as const

export const searchCommand: CliCommand = {
  usage: `journey search <text> [options]
  --limit N                  at most N customers, 1 to 50 (default 50); the total counts all
  --format json|csv|table    csv and table print the customers
${SOURCE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals, 1)
    context.enableProgress(values.progress)
    const format = formatFrom(values)
    const text = positionals[0]
    if (text === undefined) throw new CliInputError('search needs a text: journey search <text>')
    const limit = parseIntegerOption('limit', values.limit, { min: 1, max: 50 })
    const input = validateInput(
      customerSearchSchema,
      { source: dataSourceFrom(values), text, ...(limit === undefined ? {} : { limit }) },
      { ...SCOPE_FLAGS, text: '<text>', limit: '--limit' }
    )
    const result = await context.journeys().searchCustomers(input, context.callContext)
    context.writeResult(result, format, () => ({
      columns: ['_id', 'name', 'email', 'lastActiveAt'],
      rows: result.customers.map((c) => [c._id, c.name, c.email, c.lastActiveAt ?? null])
    }))
    if (format !== 'json') {
      context.io.stderr.write(`${result.customers.length} of ${result.total} matching customers\n`)
    }
    context.writePlan(result.plan, { explain: values.explain === true, format })
  }
}

import { overviewQuerySchema } from '../../../shared/journeys/query-schemas'
import { FORMAT_OPTION, parseCommandLine, parseIntegerOption, SCOPE_OPTIONS } from '../parse-args'
import { formatFrom, scopeFrom } from '../scope-options'
import { SCOPE_FLAGS, validateInput } from '../validate-input'
import { rejectPositionals, SCOPE_USAGE, type CliCommand } from './command'

const OPTIONS = {
  ...SCOPE_OPTIONS,
  ...FORMAT_OPTION,
  'time-zone': { type: 'string' },
  'top-pages': { type: 'string' }
} as const

const FLAGS = { ...SCOPE_FLAGS, timeZone: '--time-zone', topPages: '--top-pages' }

export const overviewCommand: CliCommand = {
  name: 'overview',
  summary: 'users, sessions, page views, purchases and revenue per day; top pages; devices',
  usage: `journey overview [options]
  --time-zone Europe/Berlin  IANA zone in which days are counted (default UTC)
  --top-pages N              1 to 100 (default 10)
  --format json|csv|table    csv and table print the days
${SCOPE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    const format = formatFrom(values)
    const topPages = parseIntegerOption('top-pages', values['top-pages'], { min: 1, max: 100 })
    const timeZone = values['time-zone']
    const input = validateInput(
      overviewQuerySchema,
      {
        ...scopeFrom(values),
        ...(timeZone === undefined ? {} : { timeZone }),
        ...(topPages === undefined ? {} : { topPages })
      },
      FLAGS
    )
    const result = await context.journeys().overview(input, context.callContext)
    context.writeResult(result, format, () => ({
      columns: ['day', 'users', 'sessions', 'pageViews', 'purchases', 'revenue'],
      rows: result.days.map((d) => [
        d.day,
        d.users,
        d.sessions,
        d.pageViews,
        d.purchases,
        d.revenue
      ])
    }))
    context.writePlan(result.plan, { explain: values.explain === true, format })
  }
}

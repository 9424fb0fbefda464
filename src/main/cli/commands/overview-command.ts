import { formatCount, formatMoneyAmounts } from '../../../shared/format'
import { overviewQuerySchema } from '../../../shared/journeys/query-schemas'
import type { MoneyAmount, OverviewResult } from '../../../shared/journeys/results'
import type { OutputFormat } from '../cli-context'
import type { Table } from '../format-table'
import { FORMAT_OPTION, parseCommandLine, parseIntegerOption, SCOPE_OPTIONS } from '../parse-args'
import { formatFrom, scopeFrom } from '../scope-options'
import { SCOPE_FLAGS, validateInput } from '../validate-input'
import { rejectPositionals, SCOPE_USAGE, type CliCommand } from './command'

const OPTIONS = {
  ...SCOPE_OPTIONS,
  ...FORMAT_OPTION,
  'top-pages': { type: 'string' }
} as const

const FLAGS = { ...SCOPE_FLAGS, timeZone: '--time-zone', topPages: '--top-pages' }

export const overviewCommand: CliCommand = {
  name: 'overview',
  summary: 'users, sessions, page views, purchases and revenue per day; top pages; devices',
  usage: `journey overview [options]
  --time-zone Europe/Berlin  IANA zone of the days (and of --from/--to; default UTC)
  --top-pages N              1 to 100 (default 10)
  --format json|csv|table    csv and table print the days (revenue per currency;
                             the table adds a total row)
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
    context.writeResult(result, format, () => overviewTable(result, format))
    context.writePlan(result.plan, { explain: values.explain === true, format })
  }
}

/**
 * One row per day. Revenue is never added across currencies: a text table shows each day's amounts
 * side by side (`12.00 EUR · 99.99 USD`) and ends with a `total` row; CSV (days only) gives every
 * currency of the result its own column (`revenue EUR`, ...), empty on days without it.
 */
function overviewTable(result: OverviewResult, format: OutputFormat): Table {
  const days = result.days.map((day) => ({ label: day.day, counts: day }))
  const base = (label: string, counts: OverviewResult['totals']): unknown[] => [
    label,
    counts.users,
    counts.sessions,
    counts.pageViews,
    counts.purchases
  ]
  const columns = ['day', 'users', 'sessions', 'pageViews', 'purchases']
  if (format === 'csv') {
    const currencies = result.totals.revenueByCurrency.map((money) => money.currency)
    return {
      columns: [...columns, ...currencies.map((currency) => `revenue ${currency}`)],
      rows: days.map(({ label, counts }) => [
        ...base(label, counts),
        ...currencies.map(
          (currency) =>
            counts.revenueByCurrency.find((money) => money.currency === currency)?.amount ?? null
        )
      ])
    }
  }
  const count = (v: unknown): string => formatCount(v as number)
  return {
    columns: [...columns, 'revenue'],
    rows: [...days, { label: 'total', counts: result.totals }].map(({ label, counts }) => [
      ...base(label, counts),
      counts.revenueByCurrency
    ]),
    display: {
      users: count,
      sessions: count,
      pageViews: count,
      purchases: count,
      revenue: (v) => formatMoneyAmounts(v as MoneyAmount[])
    }
  }
}

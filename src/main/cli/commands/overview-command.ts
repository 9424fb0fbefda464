import { formatCount, formatMoneyAmounts } from '../../../shared/format'
import { overviewQuerySchema } from '../../../shared/journeys/query-schemas'
import type { MoneyAmount, OverviewResult } from '../../../shared/journeys/results'
import type { OutputFormat } from '../cli-context'
import type { Table } from '../format-table'
import { FORMAT_OPTION, parseCommandLine, SCOPE_OPTIONS } from '../parse-args'
import {
  OVERVIEW_FLAGS,
  OVERVIEW_OPTIONS,
  OVERVIEW_USAGE,
  overviewQueryFrom
} from '../query-options'
import { formatFrom } from '../scope-options'
import { validateInput } from '../validate-input'
import { rejectPositionals, SCOPE_USAGE, type CliCommand } from './command'

const OPTIONS = { ...SCOPE_OPTIONS, ...FORMAT_OPTION, ...OVERVIEW_OPTIONS } as const

export const overviewCommand: CliCommand = {
  usage: `journey overview [options]
${OVERVIEW_USAGE}
  --format json|csv|table    csv and table print the days (revenue per currency;
                             the table adds a total row)
${SCOPE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    const format = formatFrom(values)
    const input = validateInput(overviewQuerySchema, overviewQueryFrom(values), OVERVIEW_FLAGS)
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

import type { OverviewResult } from '../../../../shared/journeys/results'

/** One chart row per day, every day from the first to the last (days without events are zeros). */
export interface DailyRow extends Record<string, number | string> {
  day: string
  users: number
  sessions: number
  pageViews: number
  purchases: number
}

/** `YYYY-MM-DD` days from `first` to `last`, inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = []
  const end = Date.parse(`${last}T00:00:00Z`)
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10))
  }
  return days
}

/** The currencies that appear in a result, sorted. */
export function currenciesOf(result: OverviewResult): string[] {
  const currencies = new Set<string>()
  for (const day of result.days)
    for (const money of day.revenueByCurrency) currencies.add(money.currency)
  return [...currencies].sort()
}

/**
 * Daily rows for the charts: counts, and revenue as `revenue:<currency>` fields. Missing days are
 * filled with zeros so a quiet day shows as one, not as a line across it. Pure.
 */
export function dailyRows(result: OverviewResult): DailyRow[] {
  const first = result.days[0]
  const last = result.days.at(-1)
  if (!first || !last) return []
  const currencies = currenciesOf(result)
  const byDay = new Map(result.days.map((day) => [day.day, day]))
  return daysBetween(first.day, last.day).map((dayKey) => {
    const day = byDay.get(dayKey)
    const row: DailyRow = {
      day: dayKey,
      users: day?.users ?? 0,
      sessions: day?.sessions ?? 0,
      pageViews: day?.pageViews ?? 0,
      purchases: day?.purchases ?? 0
    }
    const revenue = day?.revenueByCurrency ?? []
    for (const currency of currencies) {
      row[`revenue:${currency}`] = revenue.find((money) => money.currency === currency)?.amount ?? 0
    }
    return row
  })
}

/**
 * Exact median: the middle value, or the mean of the two middle values. Sorts a typed copy (numeric
 * order with no comparator call per pair: on 10 M events, `sort((a, b) => a - b)` over the funnel's
 * step times took about a third of the query).
 */
export function exactMedian(values: readonly number[]): number | null {
  const n = values.length
  if (n === 0) return null
  const sorted = new Float64Array(values).sort()
  const middle = n >> 1
  if (n % 2 === 1) return sorted[middle] as number
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

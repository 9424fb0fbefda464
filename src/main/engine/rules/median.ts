/** Exact median: the middle value, or the mean of the two middle values. Sorts `values` in place. */
export function medianInPlace(values: number[]): number | null {
  const n = values.length
  if (n === 0) return null
  values.sort((a, b) => a - b)
  const middle = n >> 1
  if (n % 2 === 1) return values[middle] as number
  return ((values[middle - 1] as number) + (values[middle] as number)) / 2
}

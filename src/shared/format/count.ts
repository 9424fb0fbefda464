// Made on first use: the first Intl formatter of a process loads ICU data (tens of milliseconds),
// which a command printing JSON never needs.
let COUNT: Intl.NumberFormat | null = null

/** A whole count with thousands separators: `12,345`. */
export function formatCount(count: number): string {
  COUNT ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
  return Number.isFinite(count) ? COUNT.format(count) : '–'
}

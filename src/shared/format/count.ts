const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** A whole count with thousands separators: `12,345`. */
export function formatCount(count: number): string {
  return Number.isFinite(count) ? COUNT.format(count) : '–'
}

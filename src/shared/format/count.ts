// Made on first use, and only for what is not a whole number: the first Intl formatter of a process
// loads ICU data (~17 ms CPU, 30-50 ms wall), which a command printing counts never needs.
let COUNT: Intl.NumberFormat | null = null

/** A whole count with thousands separators: `12,345`. */
export function formatCount(count: number): string {
  if (Number.isSafeInteger(count) && !Object.is(count, -0)) return groupThousands(count)
  COUNT ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
  return Number.isFinite(count) ? COUNT.format(count) : '–'
}

/** `-1234567` -> `-1,234,567`: what Intl's en-US grouping gives for a safe integer. */
function groupThousands(n: number): string {
  const digits = String(Math.abs(n))
  let grouped = digits.slice(0, digits.length % 3 || 3)
  for (let at = grouped.length; at < digits.length; at += 3) {
    grouped += `,${digits.slice(at, at + 3)}`
  }
  return n < 0 ? `-${grouped}` : grouped
}

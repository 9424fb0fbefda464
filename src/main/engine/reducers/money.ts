/** Money is rounded to cents after summing (docs/query-semantics.md). */
export function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100
}

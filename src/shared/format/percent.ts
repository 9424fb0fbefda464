/**
 * A ratio (0.7609) as a percentage for people: `76.1 %`. One decimal, `.0` dropped (`50 %`);
 * values that would round to 0 or 100 without being so say so (`< 0.1 %`, `> 99.9 %`), so a
 * conversion is never shown as total or nil when it is not. Not finite: `–`.
 */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–'
  const percent = ratio * 100
  const sign = percent < 0 ? '-' : ''
  const size = Math.abs(percent)
  if (size === 0) return '0 %'
  if (size < 0.05) return `${sign}< 0.1 %`
  if (size >= 99.95 && size < 100) return `${sign}> 99.9 %`
  return `${sign}${trimZero(size.toFixed(1))} %`
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text
}

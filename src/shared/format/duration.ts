const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * Seconds for people, in at most two units: `0.4 s`, `42 s`, `1 min 54 s`, `2 h 5 min`,
 * `3 d 4 h`. Under 10 s one decimal is kept; otherwise the value is rounded to the smaller unit
 * shown first (so 119.6 s is `2 min`, never `1 min 60 s`). A zero second unit is left out
 * (`2 min`). Not finite: `–`.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–'
  const sign = seconds < 0 ? '-' : ''
  const size = Math.abs(seconds)
  if (size < 10) {
    const text = (Math.round(size * 10) / 10).toFixed(1)
    if (text !== '10.0') return `${sign}${text.endsWith('.0') ? text.slice(0, -2) : text} s`
  }
  const whole = Math.round(size)
  if (whole < MINUTE) return `${sign}${whole} s`
  if (whole < HOUR) return sign + twoUnits(whole, MINUTE, 'min', 's')
  const minutes = Math.round(size / MINUTE)
  if (minutes < DAY / MINUTE) return sign + twoUnits(minutes, HOUR / MINUTE, 'h', 'min')
  const hours = Math.round(size / HOUR)
  return sign + twoUnits(hours, DAY / HOUR, 'd', 'h')
}

/** `count` small units as `<big> <bigName> <rest> <smallName>`, the rest left out when zero. */
function twoUnits(count: number, perBig: number, bigName: string, smallName: string): string {
  const big = Math.floor(count / perBig)
  const rest = count - big * perBig
  return rest === 0 ? `${big} ${bigName}` : `${big} ${bigName} ${rest} ${smallName}`
}

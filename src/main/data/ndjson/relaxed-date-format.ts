const DAY_MS = 86_400_000
/** The first instant of year 10000: relaxed Extended JSON writes later dates as numbers. */
const MAX_RELAXED_DATE = 253402300800000
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'))
const MILLIS = Array.from({ length: 1000 }, (_, n) => `.${String(n).padStart(3, '0')}Z`)

let cachedDay = Number.NaN
let cachedDayPrefix = ''

/**
 * A date as relaxed Extended JSON spells it (`2025-09-13T12:05:00Z`, milliseconds only when not
 * zero), or undefined outside 1970..9999 where EJSON writes `$numberLong`. Like `toISOString`, but
 * the date part is reused while timestamps stay on one day, which they mostly do.
 */
export function formatRelaxedDate(time: number): string | undefined {
  if (!(time > -1 && time < MAX_RELAXED_DATE)) return undefined
  const day = Math.floor(time / DAY_MS)
  if (day !== cachedDay) {
    cachedDay = day
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11)
  }
  let rest = time - day * DAY_MS
  const millis = rest % 1000
  rest = (rest - millis) / 1000
  const seconds = rest % 60
  rest = (rest - seconds) / 60
  const minutes = rest % 60
  const hours = (rest - minutes) / 60
  return `${cachedDayPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}${
    millis === 0 ? 'Z' : MILLIS[millis]
  }`
}

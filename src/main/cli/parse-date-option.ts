import { CliInputError } from './cli-input-error'

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/**
 * `--from`/`--to`: an ISO 8601 date (`2025-09-01`, midnight) or date-time (`2025-09-01T12:00`,
 * with or without an offset). Without an offset the wall-clock time is read in `timeZone` (the
 * `--time-zone` given, UTC otherwise), so `--time-zone Europe/Berlin --from 2025-09-01` starts at
 * Berlin's midnight. Impossible dates (`2025-02-30`, `24:00`) are refused, not rolled over.
 */
export function parseDateOption(
  name: string,
  text: string | undefined,
  timeZone = 'UTC'
): Date | undefined {
  if (text === undefined) return undefined
  const match = ISO_DATE.exec(text.trim())
  const example = 'such as 2025-09-01 or 2025-09-01T12:00:00Z'
  if (!match) throw new CliInputError(`--${name} must be an ISO date ${example}, got "${text}"`)
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', offset] = match
  const parts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    millisecond: Number(ms.padEnd(3, '0'))
  }
  const impossible = impossiblePart(parts)
  if (impossible) throw new CliInputError(`--${name} ${text} is not a real date: ${impossible}`)
  const wallClockMs = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
    parts.millisecond
  )
  if (offset !== undefined) return new Date(wallClockMs - offsetMinutes(offset) * 60_000)
  return new Date(instantOfWallClock(wallClockMs, timeZone))
}

interface DateParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
}

function impossiblePart(parts: DateParts): string | null {
  if (parts.month < 1 || parts.month > 12) return `there is no month ${parts.month}`
  const days = new Date(Date.UTC(parts.year, parts.month, 0)).getUTCDate()
  if (parts.day < 1 || parts.day > days) {
    return `${monthName(parts.month)} ${parts.year} has ${days} days`
  }
  if (parts.hour > 23) return 'hours go from 00 to 23'
  if (parts.minute > 59) return 'minutes go from 00 to 59'
  if (parts.second > 59) return 'seconds go from 00 to 59'
  return null
}

function monthName(month: number): string {
  return new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', {
    month: 'long',
    timeZone: 'UTC'
  })
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0
  const sign = offset.startsWith('-') ? -1 : 1
  const digits = offset.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)))
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** A zone's offset from UTC at an instant, in ms (Berlin in summer: +7,200,000). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric'
      })
    } catch {
      throw new CliInputError(
        `--time-zone: unknown time zone "${timeZone}" (use an IANA name such as Europe/Berlin or UTC)`
      )
    }
    formatters.set(timeZone, formatter)
  }
  const value = (type: string): number =>
    Number(formatter.formatToParts(instant).find((part) => part.type === type)?.value ?? 0)
  const asUtc = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second')
  )
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000))
}

/**
 * The instant whose wall-clock time in `timeZone` is `wallClockMs` (read as if UTC). In an autumn
 * overlap it is the earlier of the two; in a spring-forward gap (a time that never happened, such
 * as midnight in a zone that skips it) it is the instant the gap ends, so a date always starts when
 * that day really begins.
 */
export function instantOfWallClock(wallClockMs: number, timeZone: string): number {
  const HALF_DAY = 43_200_000
  const guess = wallClockMs - zoneOffsetMs(wallClockMs, timeZone)
  const offsets = new Set([
    zoneOffsetMs(guess - HALF_DAY, timeZone),
    zoneOffsetMs(guess, timeZone),
    zoneOffsetMs(guess + HALF_DAY, timeZone)
  ])
  const valid = [...offsets]
    .map((offset) => wallClockMs - offset)
    .filter((instant) => instant + zoneOffsetMs(instant, timeZone) === wallClockMs)
  if (valid.length > 0) return Math.min(...valid)
  // A gap: search the change of offset between the two readings of the wall-clock time.
  const before = zoneOffsetMs(guess - HALF_DAY, timeZone)
  let low = wallClockMs - before - HALF_DAY
  let high = wallClockMs - zoneOffsetMs(guess + HALF_DAY, timeZone) + HALF_DAY
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2)
    if (zoneOffsetMs(middle, timeZone) === before) low = middle
    else high = middle
  }
  return high - (high % 1000)
}

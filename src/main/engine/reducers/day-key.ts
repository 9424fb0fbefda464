import { AppError } from '../../../shared/errors'

const DAY_MS = 86_400_000
/** Names of UTC itself (no offset, ever). */
const UTC_ZONES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT'])
/** Years 0001 to 9999, where an ISO date is `YYYY-MM-DD` (others go through Intl). */
const FIRST_UTC_MS = -62_135_596_800_000 // 0001-01-01T00:00:00Z
const END_UTC_MS = 253_402_300_800_000 // 10000-01-01T00:00:00Z
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        calendar: 'gregory',
        numberingSystem: 'latn',
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit'
      })
    } catch {
      throw new AppError('INVALID_INPUT', `Unknown time zone: ${timeZone}`)
    }
    formatters.set(timeZone, formatter)
  }
  return formatter
}

interface WallClock {
  day: string
  /** The instant's wall-clock time read as if it were UTC, in ms. */
  wallMs: number
  /** Midnight of the wall-clock day, read as if it were UTC, in ms. */
  midnightMs: number
}

/** A local day and the instants `[start, end)` it covers. */
export interface DayRange {
  day: string
  start: number
  end: number
}

/**
 * `YYYY-MM-DD` of instants in an IANA time zone. Formatting is slow, so each local day's range of
 * instants is found once (a handful of formats per day, a binary search on days with a clock change)
 * and later instants are placed by comparing numbers.
 */
export class DayKeys {
  private formatterOf: Intl.DateTimeFormat | null = null
  /** UTC day number -> the local-day ranges that overlap it. */
  private readonly ranges = new Map<number, DayRange[]>()
  private last: DayRange | null = null
  /** UTC itself: days are found by arithmetic, and ICU's time zone data is never loaded. */
  private readonly utc: boolean

  constructor(private readonly timeZone: string) {
    this.utc = UTC_ZONES.has(timeZone)
    if (!this.utc) this.formatterOf = formatterFor(timeZone)
  }

  private get formatter(): Intl.DateTimeFormat {
    this.formatterOf ??= formatterFor(this.timeZone)
    return this.formatterOf
  }

  dayOf(t: number): string {
    return this.rangeAt(t).day
  }

  /** The local day holding instant t and the instants `[start, end)` it covers. */
  rangeAt(t: number): Readonly<DayRange> {
    const last = this.last
    if (last !== null && t >= last.start && t < last.end) return last
    const candidates = this.ranges.get(Math.floor(t / DAY_MS))
    if (candidates) {
      for (const range of candidates) {
        if (t >= range.start && t < range.end) {
          this.last = range
          return range
        }
      }
    }
    const range = this.rangeOf(t)
    for (let utcDay = Math.floor(range.start / DAY_MS); utcDay * DAY_MS < range.end; utcDay++) {
      const list = this.ranges.get(utcDay)
      if (list) list.push(range)
      else this.ranges.set(utcDay, [range])
    }
    this.last = range
    return range
  }

  private wallClock(t: number): WallClock {
    let year = 0
    let month = 0
    let day = 0
    let hour = 0
    let minute = 0
    let second = 0
    for (const part of this.formatter.formatToParts(t)) {
      const value = Number(part.value)
      if (part.type === 'year') year = value
      else if (part.type === 'month') month = value
      else if (part.type === 'day') day = value
      else if (part.type === 'hour') hour = value
      else if (part.type === 'minute') minute = value
      else if (part.type === 'second') second = value
    }
    const millis = ((t % 1000) + 1000) % 1000
    const midnightMs = utcMs(year, month, day)
    return {
      day: `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`,
      wallMs: midnightMs + ((hour * 60 + minute) * 60 + second) * 1000 + millis,
      midnightMs
    }
  }

  private dayKey(t: number): string {
    return this.wallClock(t).day
  }

  private rangeOf(t: number): DayRange {
    if (this.utc && t >= FIRST_UTC_MS && t < END_UTC_MS) {
      const start = Math.floor(t / DAY_MS) * DAY_MS
      return { day: new Date(start).toISOString().slice(0, 10), start, end: start + DAY_MS }
    }
    const clock = this.wallClock(t)
    const offset = clock.wallMs - t
    // With one offset all day, the day runs from local midnight to the next; check, else search.
    let start = clock.midnightMs - offset
    if (!(start <= t && this.startsAt(start, clock.day))) {
      start = this.search(t - 2 * DAY_MS, t, clock.day)
    }
    let end = clock.midnightMs + DAY_MS - offset
    if (!(end > t && this.startsAt(end, null, clock.day))) {
      end = this.search(t, t + 2 * DAY_MS, clock.day, true)
    }
    return { day: clock.day, start, end }
  }

  /** Whether `day` starts at instant s (or, with `endOf`, whether that day ends at s). */
  private startsAt(s: number, day: string | null, endOf?: string): boolean {
    const before = this.dayKey(s - 1)
    const at = this.dayKey(s)
    if (endOf !== undefined) return before === endOf && at !== endOf
    return at === day && before !== day
  }

  /**
   * Binary search in (low, high] for the first instant in `day` (or, with `after`, the first
   * instant after it); `low` is outside that side of the day and `high` inside (or beyond).
   */
  private search(low: number, high: number, day: string, after = false): number {
    let outside = low
    let inside = high
    if (after) {
      // inside (t) is in the day, outside (t + 2 days) is after it: find the first instant after.
      outside = high
      inside = low
      while (outside - inside > 1) {
        const middle = Math.floor((inside + outside) / 2)
        if (this.dayKey(middle) === day) inside = middle
        else outside = middle
      }
      return outside
    }
    while (inside - outside > 1) {
      const middle = Math.floor((inside + outside) / 2)
      if (this.dayKey(middle) === day) inside = middle
      else outside = middle
    }
    return inside
  }
}

function utcMs(year: number, month: number, day: number): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return date.getTime()
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

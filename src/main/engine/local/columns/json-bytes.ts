/*
 * Small readers over the UTF-8 bytes of one JSON line, for the fast paths of the column builders.
 * Each returns the index after what it read, or -1 when the bytes are outside what it handles (the
 * caller then parses the line with JSON.parse, which has the final word).
 */

export const QUOTE = 34
const BACKSLASH = 92
export const COLON = 58
export const COMMA = 44
export const OPEN_BRACE = 123
export const CLOSE_BRACE = 125

/** Skips JSON whitespace. */
export function skipSpace(bytes: Uint8Array, at: number, end: number): number {
  while (at < end) {
    const c = bytes[at] as number
    // Every byte above the space is not JSON whitespace: one test for the common case.
    if (c > 32 || (c !== 32 && c !== 9 && c !== 10 && c !== 13)) break
    at++
  }
  return at
}

let lastEscaped = false
let lastAscii = true

/** Whether the last string read by `readString` held escapes. */
export function lastStringEscaped(): boolean {
  return lastEscaped
}

/** Whether the last string read by `readString` was all ASCII. */
export function lastStringAscii(): boolean {
  return lastAscii
}

/**
 * A string starting at the quote at `at`: returns the index after its closing quote. Its content is
 * `[at + 1, result - 1)`; `lastStringEscaped` and `lastStringAscii` say what it holds.
 */
export function readString(bytes: Uint8Array, at: number, end: number): number {
  if (bytes[at] !== QUOTE) return -1
  let escaped = false
  let ascii = true
  for (let k = at + 1; k < end; k++) {
    const c = bytes[k] as number
    // One table load for the common byte (printable ASCII other than a quote or a backslash).
    if (PLAIN_STRING_BYTE[c] === 1) continue
    if (c === QUOTE) {
      lastEscaped = escaped
      lastAscii = ascii
      return k + 1
    }
    if (c === BACKSLASH) {
      escaped = true
      k++
    } else if (c < 32) {
      return -1
    } else {
      ascii = false
    }
  }
  return -1
}

/** 1 for the bytes a string holds as they are, with nothing to note: ASCII from the space on,
 * but the quote and the backslash. */
const PLAIN_STRING_BYTE = Uint8Array.from({ length: 256 }, (_, c) =>
  c >= 32 && c < 128 && c !== QUOTE && c !== BACKSLASH ? 1 : 0
)

/** The value of the last number read by `readNumber`. */
export const numberValue: { value: number } = { value: 0 }

const latin1 = new TextDecoder('latin1')

/** A JSON number at `at` (strict JSON grammar); its value goes to `numberValue`. */
export function readNumber(bytes: Uint8Array, at: number, end: number): number {
  let k = at
  if (bytes[k] === 45) k++
  const digitsStart = k
  let integer = 0
  while (k < end) {
    const c = (bytes[k] as number) - 48
    if (c < 0 || c > 9) break
    integer = integer * 10 + c
    k++
  }
  const digits = k - digitsStart
  if (digits === 0 || (digits > 1 && bytes[digitsStart] === 48)) return -1
  let simple = true
  let scale = 1
  if (bytes[k] === 46) {
    k++
    const fractionStart = k
    while (k < end) {
      const c = (bytes[k] as number) - 48
      if (c < 0 || c > 9) break
      integer = integer * 10 + c
      scale *= 10
      k++
    }
    if (k === fractionStart) return -1
    // Exact integer over an exact power of ten: one correctly rounded division, as strtod's fast path.
    simple = k - fractionStart <= 22
  }
  if (k - digitsStart > 16) simple = false
  if (bytes[k] === 101 || bytes[k] === 69) {
    simple = false
    k++
    if (bytes[k] === 43 || bytes[k] === 45) k++
    const exponentStart = k
    while (k < end && (bytes[k] as number) >= 48 && (bytes[k] as number) <= 57) k++
    if (k === exponentStart) return -1
  }
  if (simple && integer <= 9007199254740991) {
    const value = scale === 1 ? integer : integer / scale
    numberValue.value = bytes[at] === 45 ? -value : value
  } else {
    // The same correctly rounded conversion JSON.parse makes.
    numberValue.value = Number(latin1.decode(bytes.subarray(at, k)))
  }
  return k
}

/** Whether `bytes[at..at+word.length)` spells `word` (ASCII codes). */
export function matchesWord(bytes: Uint8Array, at: number, word: readonly number[]): boolean {
  for (let k = 0; k < word.length; k++) if (bytes[at + k] !== word[k]) return false
  return true
}

export const asciiCodes = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0))

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function twoDigits(bytes: Uint8Array, at: number): number {
  const a = (bytes[at] as number) - 48
  const b = (bytes[at + 1] as number) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

const HOUR_PREFIX = 13
const lastHour = { prefix: new Uint8Array(HOUR_PREFIX), start: Number.NaN }

/**
 * `parseIsoUtc` with the start of the last hour read kept: a date in the same `YYYY-MM-DDTHH`
 * (the common case: events come in time order) only has its minutes, seconds and milliseconds
 * read. Same result as `parseIsoUtc` for any bytes.
 */
export function parseIsoUtcByHour(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start
  if (length !== 20 && length !== 24) return Number.NaN
  const prefix = lastHour.prefix
  for (let k = 0; k < HOUR_PREFIX; k++) {
    if (bytes[start + k] !== prefix[k]) return parseAndKeepHour(bytes, start, end)
  }
  const minute = twoDigits(bytes, start + 14)
  const second = twoDigits(bytes, start + 17)
  if (
    bytes[end - 1] !== 90 ||
    bytes[start + 13] !== 58 ||
    bytes[start + 16] !== 58 ||
    (minute | second) < 0 ||
    minute > 59 ||
    second > 59
  ) {
    return Number.NaN
  }
  let millis = 0
  if (length === 24) {
    if (bytes[start + 19] !== 46) return Number.NaN
    millis = threeDigits(bytes, start + 20)
    if (millis < 0) return Number.NaN
  }
  return lastHour.start + minute * 60_000 + second * 1000 + millis
}

function parseAndKeepHour(bytes: Uint8Array, start: number, end: number): number {
  const time = parseIsoUtc(bytes, start, end)
  if (Number.isNaN(time)) return time
  // Valid: its first 13 bytes are a valid hour, whose start is the time less minutes and below.
  const minute = twoDigits(bytes, start + 14)
  const second = twoDigits(bytes, start + 17)
  const millis = end - start === 24 ? threeDigits(bytes, start + 20) : 0
  lastHour.prefix.set(bytes.subarray(start, start + HOUR_PREFIX))
  lastHour.start = time - minute * 60_000 - second * 1000 - millis
  return time
}

function threeDigits(bytes: Uint8Array, at: number): number {
  const a = (bytes[at] as number) - 48
  const b = twoDigits(bytes, at + 1)
  return a >= 0 && a <= 9 && b >= 0 ? a * 100 + b : -1
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ` in `bytes[start..end)` as epoch
 * milliseconds, or NaN for anything else (other forms go to Date.parse, which accepts more).
 */
export function parseIsoUtc(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start
  if ((length !== 20 && length !== 24) || bytes[end - 1] !== 90) return Number.NaN
  const y1 = twoDigits(bytes, start)
  const y2 = twoDigits(bytes, start + 2)
  const month = twoDigits(bytes, start + 5)
  const day = twoDigits(bytes, start + 8)
  const hour = twoDigits(bytes, start + 11)
  const minute = twoDigits(bytes, start + 14)
  const second = twoDigits(bytes, start + 17)
  if (
    bytes[start + 4] !== 45 ||
    bytes[start + 7] !== 45 ||
    bytes[start + 10] !== 84 ||
    bytes[start + 13] !== 58 ||
    bytes[start + 16] !== 58 ||
    (y1 | y2 | month | day | hour | minute | second) < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return Number.NaN
  }
  let millis = 0
  if (length === 24) {
    if (bytes[start + 19] !== 46) return Number.NaN
    millis = threeDigits(bytes, start + 20)
    if (millis < 0) return Number.NaN
  }
  const year = y1 * 100 + y2
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const monthDays = (MONTH_DAYS[month - 1] as number) + (leap && month === 2 ? 1 : 0)
  if (day > monthDays) return Number.NaN
  // Days since 1970-01-01 of the proleptic Gregorian date.
  const y = year - 1
  const daysBeforeYear = y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)
  const days =
    daysBeforeYear -
    719162 +
    (DAYS_BEFORE_MONTH[month - 1] as number) +
    (leap && month > 2 ? 1 : 0) +
    day -
    1
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis
}

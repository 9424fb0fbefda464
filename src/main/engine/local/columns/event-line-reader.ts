import {
  asciiCodes,
  CLOSE_BRACE,
  COLON,
  COMMA,
  matchesWord,
  numberValue,
  OPEN_BRACE,
  parseIsoUtcByHour,
  readNumber,
  readString,
  skipSpace,
  lastStringAscii,
  lastStringEscaped,
  QUOTE
} from './json-bytes'
import { ID_TAG_OBJECT_ID, ID_TAG_STRING } from './encoded-ids'

/** Top-level keys of an event, in the code order the builders give them. */
export const EVENT_KEYS = ['_id', 'sessionId', 'userId', 'eventType', 'timestamp', 'metadata']
export const KEY_ID = 0
export const KEY_SESSION = 1
export const KEY_USER = 2
export const KEY_TYPE = 3
export const KEY_TIME = 4
export const KEY_METADATA = 5
const REQUIRED_KEYS = 0b11111

const WORDS = EVENT_KEYS.map(asciiCodes)
/** Each key as it usually appears: quoted and followed by its colon. */
const KEYS_WITH_COLON = EVENT_KEYS.map((key) => asciiCodes(`"${key}":`))
const DATE_KEY = asciiCodes('"$date"')
const DATE_OPEN = asciiCodes('{"$date":"')
const OID_KEY = asciiCodes('"$oid"')
const TRUE = asciiCodes('true')
const FALSE = asciiCodes('false')
const NULL = asciiCodes('null')

export const KIND_STRING = 0
export const KIND_NUMBER = 1
export const KIND_TRUE = 2
export const KIND_FALSE = 3
export const KIND_NULL = 4

/** An id field as read: its tag and bytes (`source[start..end)`). */
export class IdField {
  tag = 0
  source: Uint8Array = new Uint8Array(0)
  start = 0
  end = 0
  readonly oid = new Uint8Array(12)
}

const MAX_METADATA = 64

/**
 * Reads one event line of the common shape (`_id`, `sessionId`, `userId`, `eventType`,
 * `timestamp` as `{"$date": ISO}`, and `metadata` holding only strings, numbers, booleans and
 * nulls) straight from its bytes, without side effects; `read` returns false for anything else
 * (other keys or values, escapes in keys, a repeated key...), and JSON.parse reads that line.
 */
export class EventLineReader {
  readonly id = new IdField()
  readonly user = new IdField()
  readonly session = new IdField()
  typeStart = 0
  typeEnd = 0
  time = 0
  /** Top-level key codes in order (beyond `keyCount`: an earlier line's, the keys expected). */
  readonly keyOrder = Int32Array.from(EVENT_KEYS.keys())
  keyCount = 0
  hasMetadata = false
  metadataCount = 0
  readonly metaKeyStart = new Int32Array(MAX_METADATA)
  readonly metaKeyEnd = new Int32Array(MAX_METADATA)
  readonly metaKind = new Int32Array(MAX_METADATA)
  readonly metaStart = new Int32Array(MAX_METADATA)
  readonly metaEnd = new Int32Array(MAX_METADATA)
  readonly metaNumber = new Float64Array(MAX_METADATA)
  /** Bit 1: the string holds escapes; bit 2: non-ASCII bytes. */
  readonly metaFlags = new Int32Array(MAX_METADATA)

  read(bytes: Uint8Array, start: number, end: number): boolean {
    let at = skipSpace(bytes, start, end)
    if (bytes[at] !== OPEN_BRACE) return false
    let seen = 0
    this.keyCount = 0
    this.hasMetadata = false
    this.metadataCount = 0
    at = skipSpace(bytes, at + 1, end)
    for (;;) {
      // Most lines have the previous line's keys in its order: compare the bytes of the key
      // expected here (`"key":`) first; anything else is read as a string and looked up.
      let key = this.keyCount < EVENT_KEYS.length ? (this.keyOrder[this.keyCount] as number) : -1
      const expected = KEYS_WITH_COLON[key]
      if (expected && at + expected.length <= end && matchesWord(bytes, at, expected)) {
        at += expected.length
      } else {
        const keyEnd = readString(bytes, at, end)
        if (keyEnd < 0 || lastStringEscaped()) return false
        key = keyCode(bytes, at + 1, keyEnd - 1)
        if (key < 0) return false
        at = skipSpace(bytes, keyEnd, end)
        if (bytes[at] !== COLON) return false
        at++
      }
      if (seen & (1 << key)) return false
      seen |= 1 << key
      this.keyOrder[this.keyCount++] = key
      at = skipSpace(bytes, at, end)
      switch (key) {
        case KEY_ID:
          at = readId(bytes, at, end, this.id)
          break
        case KEY_USER:
          at = readId(bytes, at, end, this.user)
          break
        case KEY_SESSION:
          at = readId(bytes, at, end, this.session)
          break
        case KEY_TYPE: {
          const typeEnd = readString(bytes, at, end)
          if (typeEnd < 0 || lastStringEscaped() || !lastStringAscii()) return false
          this.typeStart = at + 1
          this.typeEnd = typeEnd - 1
          at = typeEnd
          break
        }
        case KEY_TIME:
          at = readDate(bytes, at, end)
          this.time = dateValue.value
          break
        default:
          at = this.readMetadata(bytes, at, end)
      }
      if (at < 0) return false
      at = skipSpace(bytes, at, end)
      const c = bytes[at]
      if (c === COMMA) {
        at = skipSpace(bytes, at + 1, end)
        continue
      }
      if (c !== CLOSE_BRACE) return false
      return (seen & REQUIRED_KEYS) === REQUIRED_KEYS && skipSpace(bytes, at + 1, end) === end
    }
  }

  private readMetadata(bytes: Uint8Array, at: number, end: number): number {
    if (bytes[at] !== OPEN_BRACE) return -1
    this.hasMetadata = true
    at = skipSpace(bytes, at + 1, end)
    if (bytes[at] === CLOSE_BRACE) return at + 1
    for (;;) {
      const n = this.metadataCount
      if (n === MAX_METADATA) return -1
      const keyEnd = readString(bytes, at, end)
      if (keyEnd < 0 || lastStringEscaped() || !lastStringAscii()) return -1
      this.metaKeyStart[n] = at + 1
      this.metaKeyEnd[n] = keyEnd - 1
      if (this.repeatsKey(bytes, n)) return -1
      at = skipSpace(bytes, keyEnd, end)
      if (bytes[at] !== COLON) return -1
      at = skipSpace(bytes, at + 1, end)
      const c = bytes[at]
      if (c === QUOTE) {
        const valueEnd = readString(bytes, at, end)
        if (valueEnd < 0) return -1
        this.metaKind[n] = KIND_STRING
        this.metaStart[n] = at + 1
        this.metaEnd[n] = valueEnd - 1
        this.metaFlags[n] = (lastStringEscaped() ? 1 : 0) | (lastStringAscii() ? 0 : 2)
        at = valueEnd
      } else if (c === 116 && matchesWord(bytes, at, TRUE)) {
        this.metaKind[n] = KIND_TRUE
        at += 4
      } else if (c === 102 && matchesWord(bytes, at, FALSE)) {
        this.metaKind[n] = KIND_FALSE
        at += 5
      } else if (c === 110 && matchesWord(bytes, at, NULL)) {
        this.metaKind[n] = KIND_NULL
        at += 4
      } else {
        const numberEnd = readNumber(bytes, at, end)
        if (numberEnd < 0) return -1
        this.metaKind[n] = KIND_NUMBER
        this.metaNumber[n] = numberValue.value
        at = numberEnd
      }
      this.metadataCount = n + 1
      at = skipSpace(bytes, at, end)
      if (bytes[at] === COMMA) {
        at = skipSpace(bytes, at + 1, end)
        continue
      }
      return bytes[at] === CLOSE_BRACE ? at + 1 : -1
    }
  }

  private repeatsKey(bytes: Uint8Array, n: number): boolean {
    const start = this.metaKeyStart[n] as number
    const length = (this.metaKeyEnd[n] as number) - start
    for (let k = 0; k < n; k++) {
      const other = this.metaKeyStart[k] as number
      if ((this.metaKeyEnd[k] as number) - other !== length) continue
      let same = true
      for (let j = 0; j < length; j++) {
        if (bytes[start + j] !== bytes[other + j]) {
          same = false
          break
        }
      }
      if (same) return true
    }
    return false
  }
}

function keyCode(bytes: Uint8Array, start: number, end: number): number {
  let code = -1
  switch (end - start) {
    case 3:
      code = KEY_ID
      break
    case 6:
      code = KEY_USER
      break
    case 8:
      code = KEY_METADATA
      break
    case 9: {
      const first = bytes[start]
      code = first === 115 ? KEY_SESSION : first === 101 ? KEY_TYPE : first === 116 ? KEY_TIME : -1
      break
    }
  }
  return code >= 0 && matchesWord(bytes, start, WORDS[code] as number[]) ? code : -1
}

/** The time of the last date read by `readDate` (epoch milliseconds). */
export const dateValue: { value: number } = { value: 0 }

/** `{"$date": "<ISO UTC>"}` in the common forms (see `parseIsoUtc`); its time goes to `dateValue`. */
export function readDate(bytes: Uint8Array, at: number, end: number): number {
  // The common form, `{"$date":"<ISO>"}` without spaces, read in place: the date parser checks
  // every byte of the 24 (or 20) it is given, so no quote or escape can hide in them.
  if (matchesWord(bytes, at, DATE_OPEN)) {
    const from = at + DATE_OPEN.length
    const close =
      bytes[from + 24] === QUOTE ? from + 24 : bytes[from + 20] === QUOTE ? from + 20 : -1
    if (close > 0 && close + 2 <= end && bytes[close + 1] === CLOSE_BRACE) {
      const time = parseIsoUtcByHour(bytes, from, close)
      if (!Number.isNaN(time)) {
        dateValue.value = time
        return close + 2
      }
    }
  }
  if (bytes[at] !== OPEN_BRACE) return -1
  at = skipSpace(bytes, at + 1, end)
  if (!matchesWord(bytes, at, DATE_KEY)) return -1
  at = skipSpace(bytes, at + DATE_KEY.length, end)
  if (bytes[at] !== COLON) return -1
  at = skipSpace(bytes, at + 1, end)
  const stringEnd = readString(bytes, at, end)
  if (stringEnd < 0 || lastStringEscaped()) return -1
  const time = parseIsoUtcByHour(bytes, at + 1, stringEnd - 1)
  if (Number.isNaN(time)) return -1
  dateValue.value = time
  at = skipSpace(bytes, stringEnd, end)
  return bytes[at] === CLOSE_BRACE ? at + 1 : -1
}

/** A string id or `{"$oid": "<24 hex digits>"}`; ids with escapes or non-ASCII go the slow way. */
export function readId(bytes: Uint8Array, at: number, end: number, field: IdField): number {
  if (bytes[at] === QUOTE) {
    const stringEnd = readString(bytes, at, end)
    if (stringEnd < 0 || lastStringEscaped() || !lastStringAscii()) return -1
    field.tag = ID_TAG_STRING
    field.source = bytes
    field.start = at + 1
    field.end = stringEnd - 1
    return stringEnd
  }
  if (bytes[at] !== OPEN_BRACE) return -1
  at = skipSpace(bytes, at + 1, end)
  if (!matchesWord(bytes, at, OID_KEY)) return -1
  at = skipSpace(bytes, at + OID_KEY.length, end)
  if (bytes[at] !== COLON) return -1
  at = skipSpace(bytes, at + 1, end)
  const stringEnd = readString(bytes, at, end)
  if (stringEnd - at !== 26) return -1
  for (let k = 0; k < 12; k++) {
    const high = hexValue(bytes[at + 1 + 2 * k] as number)
    const low = hexValue(bytes[at + 2 + 2 * k] as number)
    if (high < 0 || low < 0) return -1
    field.oid[k] = high * 16 + low
  }
  field.tag = ID_TAG_OBJECT_ID
  field.source = field.oid
  field.start = 0
  field.end = 12
  at = skipSpace(bytes, stringEnd, end)
  return bytes[at] === CLOSE_BRACE ? at + 1 : -1
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 97 && c <= 102) return c - 87
  if (c >= 65 && c <= 70) return c - 55
  return -1
}

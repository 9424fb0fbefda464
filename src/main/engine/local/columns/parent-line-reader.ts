import { ID_TAG_STRING } from './encoded-ids'
import { dateValue, IdField, readDate, readId } from './event-line-reader'
import {
  asciiCodes,
  CLOSE_BRACE,
  COLON,
  COMMA,
  lastStringAscii,
  lastStringEscaped,
  matchesWord,
  OPEN_BRACE,
  QUOTE,
  readNumber,
  readString,
  skipSpace
} from './json-bytes'

/** What a field of a user or session line held (ABSENT: the key was not there). */
export const FIELD_ABSENT = 0
export const FIELD_NULL = 1
/** A string without escapes: `start..end` (ASCII when `ascii`). */
export const FIELD_STRING = 2
export const FIELD_OBJECT_ID = 3
export const FIELD_DATE = 4
/** A plain object (no `$` keys) of plain values. */
export const FIELD_OBJECT = 5
/** A number or a boolean. */
export const FIELD_SCALAR = 6

const OID_KEY = asciiCodes('"$oid"')
const TRUE = asciiCodes('true')
const FALSE = asciiCodes('false')
const NULL = asciiCodes('null')
const DOLLAR = 36
const OPEN_BRACKET = 91
/** Nested objects deeper than this go to JSON.parse. */
const MAX_DEPTH = 4

/** One top-level field a reader looks for, and (for an object) the keys it looks for inside. */
export interface WantedField {
  name: string
  inner?: readonly string[]
}

/**
 * Reads a user or session line of the common shape from its bytes, without side effects: a JSON
 * object whose strings hold no escapes, with no `$` keys but `{"$date": ISO}` and `{"$oid": hex}`,
 * no arrays, and objects at most a few levels deep. For the wanted fields it records what each held
 * (`kind`, and where: `start`/`end`, `id`, `time`), and for their inner keys the same. `read`
 * returns false for anything else, which JSON.parse then reads (and judges).
 */
export class ParentLineReader {
  readonly kind: Int32Array
  readonly start: Int32Array
  readonly end: Int32Array
  readonly ascii: Uint8Array
  readonly time: Float64Array
  /** A FIELD_STRING's bytes or a FIELD_OBJECT_ID's 12 bytes, tagged as an id. */
  readonly id: IdField[]
  /** Per wanted field, its inner keys' kinds and string bounds (FIELD_STRING only). */
  readonly innerKind: Int32Array[]
  readonly innerStart: Int32Array[]
  readonly innerEnd: Int32Array[]
  readonly innerAscii: Uint8Array[]
  private readonly names: number[][]
  private readonly inner: number[][][]

  constructor(fields: readonly WantedField[]) {
    const n = fields.length
    this.names = fields.map((field) => asciiCodes(field.name))
    this.inner = fields.map((field) => (field.inner ?? []).map(asciiCodes))
    this.kind = new Int32Array(n)
    this.start = new Int32Array(n)
    this.end = new Int32Array(n)
    this.ascii = new Uint8Array(n)
    this.time = new Float64Array(n)
    this.id = fields.map(() => new IdField())
    this.innerKind = this.inner.map((keys) => new Int32Array(keys.length))
    this.innerStart = this.inner.map((keys) => new Int32Array(keys.length))
    this.innerEnd = this.inner.map((keys) => new Int32Array(keys.length))
    this.innerAscii = this.inner.map((keys) => new Uint8Array(keys.length))
  }

  read(bytes: Uint8Array, start: number, end: number): boolean {
    this.kind.fill(FIELD_ABSENT)
    for (const kinds of this.innerKind) kinds.fill(FIELD_ABSENT)
    let at = skipSpace(bytes, start, end)
    if (bytes[at] !== OPEN_BRACE) return false
    at = skipSpace(bytes, at + 1, end)
    if (bytes[at] === CLOSE_BRACE) return skipSpace(bytes, at + 1, end) === end
    for (;;) {
      const keyEnd = readKey(bytes, at, end)
      if (keyEnd < 0) return false
      const field = findKey(this.names, bytes, at + 1, keyEnd - 1)
      if (field >= 0 && this.kind[field] !== FIELD_ABSENT) return false // repeated: last one wins
      at = skipSpace(bytes, keyEnd, end)
      if (bytes[at] !== COLON) return false
      at = skipSpace(bytes, at + 1, end)
      at = field >= 0 ? this.readField(field, bytes, at, end) : skipValue(bytes, at, end, 0)
      if (at < 0) return false
      at = skipSpace(bytes, at, end)
      if (bytes[at] === COMMA) {
        at = skipSpace(bytes, at + 1, end)
        continue
      }
      return bytes[at] === CLOSE_BRACE && skipSpace(bytes, at + 1, end) === end
    }
  }

  private readField(field: number, bytes: Uint8Array, at: number, end: number): number {
    const c = bytes[at]
    if (c === QUOTE) {
      const stringEnd = readString(bytes, at, end)
      if (stringEnd < 0 || lastStringEscaped()) return -1
      this.kind[field] = FIELD_STRING
      this.start[field] = at + 1
      this.end[field] = stringEnd - 1
      this.ascii[field] = lastStringAscii() ? 1 : 0
      const id = this.id[field] as IdField
      id.tag = ID_TAG_STRING
      id.source = bytes
      id.start = at + 1
      id.end = stringEnd - 1
      return stringEnd
    }
    if (c === OPEN_BRACE) {
      const inside = skipSpace(bytes, at + 1, end)
      if (bytes[inside] === QUOTE && bytes[inside + 1] === DOLLAR) {
        if (matchesWord(bytes, inside, OID_KEY)) {
          const idEnd = readId(bytes, at, end, this.id[field] as IdField)
          if (idEnd >= 0) this.kind[field] = FIELD_OBJECT_ID
          return idEnd
        }
        const dateEnd = readDate(bytes, at, end)
        if (dateEnd >= 0) {
          this.kind[field] = FIELD_DATE
          this.time[field] = dateValue.value
        }
        return dateEnd
      }
      this.kind[field] = FIELD_OBJECT
      return this.readObject(field, bytes, at, end)
    }
    if (c === 110) {
      if (!matchesWord(bytes, at, NULL)) return -1
      this.kind[field] = FIELD_NULL
      return at + 4
    }
    this.kind[field] = FIELD_SCALAR
    return skipValue(bytes, at, end, 0)
  }

  /** A plain object as a wanted field: its wanted inner keys are recorded, the rest skipped. */
  private readObject(field: number, bytes: Uint8Array, at: number, end: number): number {
    const keys = this.inner[field] as number[][]
    const kinds = this.innerKind[field] as Int32Array
    at = skipSpace(bytes, at + 1, end)
    if (bytes[at] === CLOSE_BRACE) return at + 1
    for (;;) {
      const keyEnd = readKey(bytes, at, end)
      if (keyEnd < 0) return -1
      const key = findKey(keys, bytes, at + 1, keyEnd - 1)
      if (key >= 0 && kinds[key] !== FIELD_ABSENT) return -1
      at = skipSpace(bytes, keyEnd, end)
      if (bytes[at] !== COLON) return -1
      at = skipSpace(bytes, at + 1, end)
      if (key >= 0 && bytes[at] === QUOTE) {
        const stringEnd = readString(bytes, at, end)
        if (stringEnd < 0 || lastStringEscaped()) return -1
        kinds[key] = FIELD_STRING
        ;(this.innerStart[field] as Int32Array)[key] = at + 1
        ;(this.innerEnd[field] as Int32Array)[key] = stringEnd - 1
        ;(this.innerAscii[field] as Uint8Array)[key] = lastStringAscii() ? 1 : 0
        at = stringEnd
      } else {
        if (key >= 0) kinds[key] = bytes[at] === 110 ? FIELD_NULL : FIELD_SCALAR
        at = skipValue(bytes, at, end, 1)
        if (at < 0) return -1
      }
      at = skipSpace(bytes, at, end)
      if (bytes[at] === COMMA) {
        at = skipSpace(bytes, at + 1, end)
        continue
      }
      return bytes[at] === CLOSE_BRACE ? at + 1 : -1
    }
  }
}

/** A key without escapes that does not start with `$`: the index after its closing quote. */
function readKey(bytes: Uint8Array, at: number, end: number): number {
  const keyEnd = readString(bytes, at, end)
  if (keyEnd < 0 || lastStringEscaped() || bytes[at + 1] === DOLLAR) return -1
  return keyEnd
}

function findKey(names: number[][], bytes: Uint8Array, start: number, end: number): number {
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as number[]
    if (name.length === end - start && matchesWord(bytes, start, name)) return k
  }
  return -1
}

/**
 * Skips a plain value: a string without escapes, a number, true, false, null, or an object of
 * them (no `$` keys, at most MAX_DEPTH deep). Arrays and anything else give -1.
 */
function skipValue(bytes: Uint8Array, at: number, end: number, depth: number): number {
  const c = bytes[at]
  if (c === QUOTE) {
    const stringEnd = readString(bytes, at, end)
    return stringEnd < 0 || lastStringEscaped() ? -1 : stringEnd
  }
  if (c === 116) return matchesWord(bytes, at, TRUE) ? at + 4 : -1
  if (c === 102) return matchesWord(bytes, at, FALSE) ? at + 5 : -1
  if (c === 110) return matchesWord(bytes, at, NULL) ? at + 4 : -1
  if (c === OPEN_BRACKET) return -1
  if (c !== OPEN_BRACE) return readNumber(bytes, at, end)
  if (depth >= MAX_DEPTH) return -1
  at = skipSpace(bytes, at + 1, end)
  if (bytes[at] === CLOSE_BRACE) return at + 1
  for (;;) {
    const keyEnd = readKey(bytes, at, end)
    if (keyEnd < 0) return -1
    at = skipSpace(bytes, keyEnd, end)
    if (bytes[at] !== COLON) return -1
    at = skipValue(bytes, skipSpace(bytes, at + 1, end), end, depth + 1)
    if (at < 0) return -1
    at = skipSpace(bytes, at, end)
    if (bytes[at] === COMMA) {
      at = skipSpace(bytes, at + 1, end)
      continue
    }
    return bytes[at] === CLOSE_BRACE ? at + 1 : -1
  }
}

/*
 * Reading BSON (bsonspec.org) element by element without building JS objects: where each value
 * ends, and the few scalars the CSV export reads straight from the bytes. Anything malformed
 * answers -1 or null, so the caller falls back to the bson package (which then throws its error).
 */

/** BSON element types (the first byte of an element). */
export const BSON = {
  double: 0x01,
  string: 0x02,
  document: 0x03,
  array: 0x04,
  binary: 0x05,
  undefined: 0x06,
  objectId: 0x07,
  boolean: 0x08,
  date: 0x09,
  null: 0x0a,
  regex: 0x0b,
  dbPointer: 0x0c,
  code: 0x0d,
  symbol: 0x0e,
  codeWithScope: 0x0f,
  int32: 0x10,
  timestamp: 0x11,
  int64: 0x12,
  decimal128: 0x13,
  minKey: 0xff,
  maxKey: 0x7f
} as const

/** The high 32 bits of 2^53, the largest int64 that bson promotes to a JS number. */
const HIGH_OF_JS_INT_MAX = 0x20_0000

/** The index of the NUL ending a C string that starts at `start`, or -1 before `limit`. */
export function cStringEnd(bytes: Buffer, start: number, limit: number): number {
  for (let i = start; i < limit; i++) if (bytes[i] === 0) return i
  return -1
}

/** A length-prefixed value (string, document) of `size` bytes at `start` fits before `limit`. */
function sizedEnd(bytes: Buffer, start: number, limit: number, minimum: number): number {
  if (start + 4 > limit) return -1
  const size = bytes.readInt32LE(start)
  return size >= minimum && start + size <= limit ? start + size : -1
}

/** Where a string-like value (int32 length, UTF-8, NUL) that starts at `start` ends, or -1. */
function stringEnd(bytes: Buffer, start: number, limit: number): number {
  if (start + 4 > limit) return -1
  const size = bytes.readInt32LE(start)
  const end = start + 4 + size
  return size > 0 && end <= limit && bytes[end - 1] === 0 ? end : -1
}

/**
 * The index just past the value of an element of `type` whose value starts at `start`, or -1 when
 * it would pass `limit` or the type is unknown (the caller lets the bson package say what is wrong).
 */
export function valueEnd(bytes: Buffer, type: number, start: number, limit: number): number {
  let end: number
  switch (type) {
    case BSON.double:
    case BSON.date:
    case BSON.int64:
    case BSON.timestamp:
      end = start + 8
      break
    case BSON.int32:
      end = start + 4
      break
    case BSON.objectId:
      end = start + 12
      break
    case BSON.decimal128:
      end = start + 16
      break
    case BSON.boolean:
      end = start + 1
      break
    case BSON.null:
    case BSON.undefined:
    case BSON.minKey:
    case BSON.maxKey:
      end = start
      break
    case BSON.string:
    case BSON.symbol:
    case BSON.code:
      return stringEnd(bytes, start, limit)
    case BSON.document:
    case BSON.array:
    case BSON.codeWithScope:
      return sizedEnd(bytes, start, limit, 5)
    case BSON.binary: {
      if (start + 5 > limit) return -1
      const size = bytes.readInt32LE(start)
      end = size >= 0 ? start + 5 + size : -1
      break
    }
    case BSON.regex: {
      const pattern = cStringEnd(bytes, start, limit)
      const flags = pattern < 0 ? -1 : cStringEnd(bytes, pattern + 1, limit)
      return flags < 0 ? -1 : flags + 1
    }
    case BSON.dbPointer: {
      const namespace = stringEnd(bytes, start, limit)
      end = namespace < 0 ? -1 : namespace + 12
      break
    }
    default:
      return -1
  }
  return end <= limit ? end : -1
}

/**
 * An int64 (or a date's milliseconds) as the number bson promotes it to: within ±2^53, else null
 * (bson gives a Long). Checked on the two halves: a float sum would round 2^53 + 1 into range.
 */
export function int64Number(bytes: Buffer, start: number): number | null {
  const high = bytes.readInt32LE(start + 4)
  const low = bytes.readUInt32LE(start)
  if (high < -HIGH_OF_JS_INT_MAX || high > HIGH_OF_JS_INT_MAX) return null
  if (high === HIGH_OF_JS_INT_MAX && low !== 0) return null
  return high * 0x1_0000_0000 + low
}

/** Strings up to this many bytes are read by hand when they are ASCII (as bson does). */
const SHORT_TEXT_BYTES = 24

/**
 * UTF-8 text between `start` and `end`; null when the bytes may not be valid UTF-8 (the decoded
 * text holds U+FFFD), so the caller asks the bson package, which validates as the driver does.
 */
export function utf8Text(bytes: Buffer, start: number, end: number): string | null {
  if (end - start <= SHORT_TEXT_BYTES) {
    let text = ''
    let i = start
    for (; i < end; i++) {
      const byte = bytes[i] as number
      if (byte >= 0x80) break
      text += String.fromCharCode(byte)
    }
    if (i === end) return text
  }
  const text = bytes.toString('utf8', start, end)
  return text.includes('\uFFFD') ? null : text
}

/** Whether the key bytes between `start` and `end` are those of `name` (UTF-8). */
export function sameBytes(name: Uint8Array, bytes: Buffer, start: number, end: number): boolean {
  if (end - start !== name.length) return false
  for (let i = 0; i < name.length; i++) if (bytes[start + i] !== name[i]) return false
  return true
}

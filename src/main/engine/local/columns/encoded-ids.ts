import { ObjectId } from 'bson'
import type { DocumentId } from '../../../../shared/journeys/documents'
import { isObjectIdLike } from '../../rules/compare-ids'

/*
 * Ids as bytes whose plain byte order is BSON order: a tag byte (numbers < strings < ObjectIds, as
 * MongoDB sorts them), then the value. Strings are UTF-8 (byte order is code point order, as
 * `compareUtf8`); a string with a lone surrogate, which UTF-8 cannot carry, is kept as its JSON
 * text under its own tag (it sorts after every other string: data that odd is only kept intact).
 * Numbers are 8 order-preserving bytes; ObjectIds their 12 bytes.
 */
export const ID_TAG_NUMBER = 1
export const ID_TAG_STRING = 2
export const ID_TAG_ODD_STRING = 3
export const ID_TAG_OBJECT_ID = 7

/** Whether UTF-8 can carry the string (no lone surrogate). Native in Node 20 (ES2024). */
export function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed()
}

const scratch = new DataView(new ArrayBuffer(8))
const encoder = new TextEncoder()

/** The bytes of an id (see above); null for a value that is not an id. */
export function encodeId(id: unknown): Uint8Array | null {
  if (typeof id === 'string') {
    if (isWellFormed(id)) return tagged(ID_TAG_STRING, encoder.encode(id))
    return tagged(ID_TAG_ODD_STRING, encoder.encode(JSON.stringify(id)))
  }
  if (isObjectIdLike(id)) {
    return tagged(ID_TAG_OBJECT_ID, Buffer.from(id.toHexString(), 'hex'))
  }
  if (typeof id === 'number') {
    scratch.setFloat64(0, id === 0 ? 0 : id) // -0 and 0 are one id
    const bytes = new Uint8Array(scratch.buffer.slice(0))
    // Order-preserving: flip the sign bit of positives, every bit of negatives.
    if ((bytes[0] as number) & 0x80) for (let i = 0; i < 8; i++) bytes[i] = ~(bytes[i] as number)
    else bytes[0] = (bytes[0] as number) ^ 0x80
    return tagged(ID_TAG_NUMBER, bytes)
  }
  return null
}

function tagged(tag: number, payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(payload.length + 1)
  bytes[0] = tag
  bytes.set(payload, 1)
  return bytes
}

const decoder = new TextDecoder()

/** The id spelled by `bytes[start..end)` (as written by `encodeId`). */
export function decodeId(bytes: Uint8Array, start: number, end: number): DocumentId {
  const tag = bytes[start]
  if (tag === ID_TAG_STRING) return utf8Text(bytes, start + 1, end)
  if (tag === ID_TAG_OBJECT_ID) return new ObjectId(bytes.slice(start + 1, end))
  if (tag === ID_TAG_ODD_STRING) {
    return JSON.parse(decoder.decode(bytes.subarray(start + 1, end))) as string
  }
  if (tag === ID_TAG_NUMBER) {
    const copy = bytes.slice(start + 1, end)
    if ((copy[0] as number) & 0x80) copy[0] = (copy[0] as number) ^ 0x80
    else for (let i = 0; i < 8; i++) copy[i] = ~(copy[i] as number)
    return new DataView(copy.buffer).getFloat64(0) as unknown as DocumentId
  }
  throw new Error(`Unknown id tag ${String(tag)}`)
}

/**
 * UTF-8 text of `bytes[start..end)`. Short ASCII text (ids usually are) is built from its char
 * codes: `TextDecoder.decode` costs about a microsecond a call, which a case file of thousands of
 * events paid per event id.
 */
function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let text = ''
    for (let k = start; k < end; k++) {
      const code = bytes[k] as number
      if (code >= 0x80) return decoder.decode(bytes.subarray(start, end))
      text += String.fromCharCode(code)
    }
    return text
  }
  return decoder.decode(bytes.subarray(start, end))
}

/** Compares `a[aStart..aEnd)` with `b[bStart..bEnd)` byte by byte (shorter prefix first). */
export function compareByteRanges(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number
): number {
  const length = Math.min(aEnd - aStart, bEnd - bStart)
  for (let k = 0; k < length; k++) {
    const x = a[aStart + k] as number
    const y = b[bStart + k] as number
    if (x !== y) return x < y ? -1 : 1
  }
  const la = aEnd - aStart
  const lb = bEnd - bStart
  return la === lb ? 0 : la < lb ? -1 : 1
}

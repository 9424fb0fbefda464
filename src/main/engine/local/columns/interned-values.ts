import type { DocumentId } from '../../../../shared/journeys/documents'
import { BytesInterner } from './bytes-interner'
import { decodeId, encodeId, ID_TAG_STRING } from './encoded-ids'

/*
 * Strings and ids in a BytesInterner, encoded as `encodeId` encodes them, so a string read from a
 * file's bytes and the same string from a parsed document get one entry.
 */

/** The entry of a string, added when new. */
export function internText(interner: BytesInterner, text: string): number {
  const bytes = encodeId(text) as Uint8Array
  return interner.intern(bytes, 1, bytes.length, bytes[0])
}

/** The entry of a string, or -1. */
export function indexOfText(interner: BytesInterner, text: string): number {
  const bytes = encodeId(text) as Uint8Array
  return interner.indexOf(bytes.subarray(1), bytes[0])
}

/** The entry of the UTF-8 string `bytes[start..end)` (well-formed UTF-8), added when new. */
export function internUtf8(
  interner: BytesInterner,
  bytes: Uint8Array,
  start: number,
  end: number
): number {
  return interner.intern(bytes, start, end, ID_TAG_STRING)
}

/** The entry of an id, added when new; -1 when the value is not an id. */
export function internId(interner: BytesInterner, id: unknown): number {
  const bytes = encodeId(id)
  return bytes ? interner.intern(bytes, 1, bytes.length, bytes[0]) : -1
}

/** Every entry as an id (or string), in entry order. */
export function decodeEntries(
  arena: Uint8Array,
  offsets: ArrayLike<number>,
  count: number
): DocumentId[] {
  const values = new Array<DocumentId>(count)
  for (let k = 0; k < count; k++) {
    values[k] = decodeId(arena, offsets[k] as number, offsets[k + 1] as number)
  }
  return values
}

/** The strings of an interner of strings. */
export function internedTexts(interner: BytesInterner): string[] {
  return decodeEntries(interner.arena, interner.offsets, interner.size) as string[]
}

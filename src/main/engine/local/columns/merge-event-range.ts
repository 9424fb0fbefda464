import type { BytesInterner } from './bytes-interner'
import { SIGNATURE_METADATA } from './document-shapes'
import type { EventColumnsBuilder, LoadTables } from './event-columns-builder'
import type { EventRangeSnapshot, InternedEntries } from './event-range-snapshot'
import { decodeEntries, internText } from './interned-values'

/*
 * Appends the events of a range loaded apart (with tables of its own) after the events of a
 * builder, as if the builder had read them itself: each table's new entries are added in the
 * order the range first met them, which is the order a single load adds them in, so ids, codes,
 * shapes and the cache written from the result are the same as a single load's.
 */

/** For each entry of `source`, its index in `target` (added when new, in source order). */
export function internEntries(target: BytesInterner, source: InternedEntries): Int32Array {
  const { arena, offsets, size } = source
  const map = new Int32Array(size)
  for (let k = 0; k < size; k++) {
    const start = offsets[k] as number
    // Every entry of the load's tables starts with its tag byte (see `encodeId`).
    map[k] = target.intern(arena, start + 1, offsets[k + 1] as number, arena[start])
  }
  return map
}

const texts = (source: InternedEntries): string[] =>
  decodeEntries(source.arena, source.offsets, source.size) as string[]

/** Adds a range's events (loaded after the builder's own) to the builder and the tables. */
export function mergeEventRange(
  events: EventColumnsBuilder,
  tables: LoadTables,
  range: EventRangeSnapshot
): void {
  const base = events.count
  const users = internEntries(tables.users, range.users)
  const sessions = internEntries(tables.sessions, range.sessions)
  const types = internEntries(tables.eventTypes, range.eventTypes)
  const pages = internEntries(tables.pages, range.pages)
  const topKeys = Int32Array.from(texts(range.topKeys), (key) => internText(events.topKeys, key))
  const keys = Int32Array.from(range.metadata, (column) => events.metadata.keyIndex(column.key))

  range.metadata.forEach((from, k) => {
    const column = events.metadata.column(keys[k] as number)
    const strings = internEntries(column.strings, from.strings)
    column.positions.pushAll(from.positions, base)
    column.tags.pushCoded(from.tags, strings)
    column.numbers.pushAll(from.numbers)
    column.numberCount += from.numberCount
  })
  const shapes = Int32Array.from(range.shapeSignatures, (signature) => {
    const mapped = new Int32Array(signature.length)
    let inMetadata = false
    for (let k = 0; k < signature.length; k++) {
      const code = signature[k] as number
      if (code === SIGNATURE_METADATA) inMetadata = true
      // Markers (metadata start, opaque metadata) are negative and stay as they are.
      mapped[k] = code < 0 ? code : ((inMetadata ? keys[code] : topKeys[code]) as number)
    }
    return events.shapes.idOf(mapped, mapped.length)
  })

  events.time.pushAll(range.time)
  events.user.pushCoded(range.user, users)
  events.session.pushCoded(range.session, sessions)
  events.type.pushCoded(range.type, types)
  events.page.pushCoded(range.page, pages)
  events.shape.pushCoded(range.shape, shapes)
  events.ids.addAll(range.ids.bytes, range.ids.offsets)
  events.extras.addAll(range.extras.bytes, range.extras.offsets)
  events.opaqueMetadata.pushAll(range.opaqueMetadata, base)
}

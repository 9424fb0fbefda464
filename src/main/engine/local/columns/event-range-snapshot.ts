import type { BytesInterner } from './bytes-interner'
import type { EventColumnsBuilder, LoadTables } from './event-columns-builder'

/** The entries of a BytesInterner, as plain arrays a worker can hand over. */
export interface InternedEntries {
  arena: Uint8Array
  offsets: Uint32Array
  size: number
}

/** One metadata key's column, as `MetadataKeyColumnBuilder` holds it. */
export interface MetadataColumnSnapshot {
  key: string
  positions: Int32Array
  tags: Int32Array
  numbers: Float64Array
  numberCount: number
  strings: InternedEntries
}

/**
 * What a load of a range of the events file gathered, with its own tables (ids, types, pages,
 * metadata keys and strings, top-level keys, shapes): codes in the columns are indices into them.
 * `lines` counts every line of the range, blank ones included.
 */
export interface EventRangeSnapshot {
  lines: number
  time: Float64Array
  user: Int32Array
  session: Int32Array
  type: Int32Array
  page: Int32Array
  shape: Int32Array
  ids: { bytes: Uint8Array; offsets: Uint32Array }
  extras: { bytes: Uint8Array; offsets: Uint32Array }
  opaqueMetadata: Int32Array
  users: InternedEntries
  sessions: InternedEntries
  eventTypes: InternedEntries
  pages: InternedEntries
  topKeys: InternedEntries
  metadata: MetadataColumnSnapshot[]
  shapeSignatures: Int32Array[]
}

function entries(interner: BytesInterner): InternedEntries {
  const { arena, offsets, size } = interner
  return { arena: arena.slice(0, offsets[size]), offsets: offsets.slice(0, size + 1), size }
}

/** A snapshot of an events builder and its tables (copies: the builder may go on). */
export function snapshotEventRange(
  events: EventColumnsBuilder,
  tables: LoadTables,
  lines: number
): EventRangeSnapshot {
  const blob = (view: { bytes: Uint8Array; offsets: Uint32Array }) => ({
    bytes: view.bytes.slice(),
    offsets: view.offsets.slice()
  })
  return {
    lines,
    time: events.time.view().slice(),
    user: events.user.view().slice(),
    session: events.session.view().slice(),
    type: events.type.view().slice(),
    page: events.page.view().slice(),
    shape: events.shape.view().slice(),
    ids: blob(events.ids.view()),
    extras: blob(events.extras.view()),
    opaqueMetadata: events.opaqueMetadata.view().slice(),
    users: entries(tables.users),
    sessions: entries(tables.sessions),
    eventTypes: entries(tables.eventTypes),
    pages: entries(tables.pages),
    topKeys: entries(events.topKeys),
    metadata: events.metadata.columns.map((column) => ({
      key: column.key,
      positions: column.positions.view().slice(),
      tags: column.tags.view().slice(),
      numbers: column.numbers.view().slice(),
      numberCount: column.numberCount,
      strings: entries(column.strings)
    })),
    shapeSignatures: events.shapes.shapes.map((_, id) => events.shapes.signatureOf(id).slice())
  }
}

/** The buffers of a snapshot, to transfer rather than copy to another thread. */
export function snapshotBuffers(snapshot: EventRangeSnapshot): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    snapshot.time,
    snapshot.user,
    snapshot.session,
    snapshot.type,
    snapshot.page,
    snapshot.shape,
    snapshot.ids.bytes,
    snapshot.ids.offsets,
    snapshot.extras.bytes,
    snapshot.extras.offsets,
    snapshot.opaqueMetadata,
    ...[
      snapshot.users,
      snapshot.sessions,
      snapshot.eventTypes,
      snapshot.pages,
      snapshot.topKeys
    ].flatMap((table) => [table.arena, table.offsets]),
    ...snapshot.metadata.flatMap((column) => [
      column.positions,
      column.tags,
      column.numbers,
      column.strings.arena,
      column.strings.offsets
    ]),
    ...snapshot.shapeSignatures
  ]
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))]
}

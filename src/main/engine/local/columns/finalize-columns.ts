import type { BytesInterner } from './bytes-interner'
import { MemoryColumns } from './column-source'
import { compareByteRanges } from './encoded-ids'
import type { EventColumnsBuilder, LoadTables } from './event-columns-builder'
import { internedTexts } from './interned-values'
import type { SessionColumnsBuilder, UserColumnsBuilder } from './parent-columns-builder'
import { countingSort, gather, gatherOrAbsent, sortRuns } from './sort-order'

/** Everything a load gathered, before it is indexed. */
export interface LoadedColumns {
  tables: LoadTables
  devices: BytesInterner
  users: UserColumnsBuilder
  sessions: SessionColumnsBuilder
  events: EventColumnsBuilder
}

/** One entry of the `metadata.keys` section. */
export interface MetadataKeyInfo {
  key: string
  /** Events with the key (for `pageUrl`, those whose value is not a string: strings are pages). */
  count: number
  hasNumbers: boolean
}

/**
 * Indexes what a load gathered into the sections of a data set (see `ColumnarDataset` for their
 * meaning): users and sessions renumbered in BSON order of their ids, events sorted by
 * (user, timestamp, _id) with per-user and per-session offsets. Document text, event ids, shapes
 * and extras stay in load order, reached through `events.loadIndex`.
 */
export function finalizeColumns(loaded: LoadedColumns): MemoryColumns {
  const { tables, users, sessions, events } = loaded
  const out = new MemoryColumns()
  const userOrder = bsonOrder(tables.users)
  const sessionOrder = bsonOrder(tables.sessions)
  const newUser = inverse(userOrder)
  const newSession = inverse(sessionOrder)
  const userCount = userOrder.length
  const sessionCount = sessionOrder.length
  setReordered(out, 'users.ids', tables.users.arena, tables.users.offsets, userOrder)
  setReordered(out, 'sessions.ids', tables.sessions.arena, tables.sessions.offsets, sessionOrder)

  // User documents, by final user index.
  const userDocs = users.docs.view()
  const docOfUser = placeDocuments(userCount, users.user.view(), newUser)
  setReordered(out, 'users.docs', userDocs.bytes, userDocs.offsets, docOfUser)
  out.setJson('users.names', textsByPlace(users.names, docOfUser))
  out.setJson('users.emails', textsByPlace(users.emails, docOfUser))

  // Session documents and devices, by final session index; each user's sessions in index order.
  const sessionDocs = sessions.docs.view()
  const docOfSession = placeDocuments(sessionCount, sessions.session.view(), newSession)
  setReordered(out, 'sessions.docs', sessionDocs.bytes, sessionDocs.offsets, docOfSession)
  out.set('sessions.browser', gatherOrAbsent(sessions.browser.view(), docOfSession))
  out.set('sessions.os', gatherOrAbsent(sessions.os.view(), docOfSession))
  out.setJson('devices', internedTexts(loaded.devices))
  const docUsers = sessions.user.view()
  const sessionUserKeys = gather(newUser, docUsers)
  const { start: userSessionStart, order: byUser } = countingSort(
    userCount,
    docUsers.length,
    sessionUserKeys
  )
  const docSessions = sessions.session.view()
  const userSessionList = gather(newSession, gather(docSessions, byUser))
  for (let u = 0; u < userCount; u++) {
    userSessionList.subarray(userSessionStart[u], userSessionStart[u + 1]).sort()
  }
  out.set('userSessionStart', userSessionStart)
  out.set('userSessionList', userSessionList)

  indexEvents(out, events, newUser, newSession, userCount, sessionCount)
  out.setJson('eventTypes', internedTexts(tables.eventTypes))
  out.setJson('pages', internedTexts(tables.pages))
  return out
}

function indexEvents(
  out: MemoryColumns,
  events: EventColumnsBuilder,
  newUser: Int32Array,
  newSession: Int32Array,
  userCount: number,
  sessionCount: number
): void {
  const n = events.count
  const time = events.time.view()
  const rawUser = events.user.view()
  const rawSession = events.session.view()
  const user = new Int32Array(n)
  const session = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    user[i] = newUser[rawUser[i] as number] as number
    session[i] = newSession[rawSession[i] as number] as number
  }
  const ids = events.ids.view()
  const idBytes = ids.bytes
  const idOffsets = ids.offsets
  // Event order: timestamp, then _id in BSON order (the encoded ids' byte order).
  const compareLoaded = (a: number, b: number): number => {
    const ta = time[a] as number
    const tb = time[b] as number
    if (ta !== tb) return ta < tb ? -1 : 1
    return compareByteRanges(
      idBytes,
      idOffsets[a] as number,
      idOffsets[a + 1] as number,
      idBytes,
      idOffsets[b] as number,
      idOffsets[b + 1] as number
    )
  }
  const { start: userEventStart, order } = countingSort(userCount, n, user)
  sortRuns(order, userEventStart, userCount, compareLoaded)
  const eventTime = gather(time, order)
  const eventUser = gather(user, order)
  const eventSession = gather(session, order)
  out.set('eventTime', eventTime)
  out.set('eventUser', eventUser)
  out.set('eventSession', eventSession)
  out.set('eventType', gather(events.type.view(), order))
  out.set('eventPage', gather(events.page.view(), order))
  out.set('userEventStart', userEventStart)
  out.set('events.loadIndex', order)

  const { start: sessionEventStart, order: sessionEvents } = countingSort(
    sessionCount,
    n,
    eventSession
  )
  sortRuns(sessionEvents, sessionEventStart, sessionCount, (a, b) =>
    compareLoaded(order[a] as number, order[b] as number)
  )
  out.set('sessionEventStart', sessionEventStart)
  out.set('sessionEvents', sessionEvents)
  // Session-ordered copies of the columns the flow loop reads, so it walks memory in order.
  out.set('sessionEventTime', gather(eventTime, sessionEvents))
  out.set('sessionEventType', gather(out.int32('eventType'), sessionEvents))
  out.set('sessionEventPage', gather(out.int32('eventPage'), sessionEvents))
  // Sessions grouped by the user of their first event (then by index); sessions without events last.
  const sessionUser = new Int32Array(sessionCount)
  for (let s = 0; s < sessionCount; s++) {
    const first = sessionEventStart[s] as number
    sessionUser[s] =
      first < (sessionEventStart[s + 1] as number)
        ? (eventUser[sessionEvents[first] as number] as number)
        : userCount
  }
  out.set('sessionsByUser', countingSort(userCount + 1, sessionCount, sessionUser).order)

  // What rebuilds the documents, in load order.
  out.set('events.ids', idBytes)
  out.set('events.ids.offsets', idOffsets)
  out.set('events.shape', events.shape.view())
  out.setJson('events.shapes', events.shapes.shapes)
  const extras = events.extras.view()
  out.set('events.extras', extras.bytes)
  out.set('events.extras.offsets', extras.offsets)
  out.set('events.opaqueMetadata', events.opaqueMetadata.view())
  const keys: MetadataKeyInfo[] = events.metadata.columns.map((column, k) => {
    out.set(`metadata.${k}.positions`, column.positions.view())
    out.set(`metadata.${k}.tags`, column.tags.view())
    if (column.numberCount > 0) out.set(`metadata.${k}.numbers`, column.numbers.view())
    out.setJson(`metadata.${k}.strings`, internedTexts(column.strings))
    return { key: column.key, count: column.positions.length, hasNumbers: column.numberCount > 0 }
  })
  out.setJson('metadata.keys', keys)
}

/** The entries of an interner sorted by their bytes (BSON order for encoded ids). */
function bsonOrder(interner: BytesInterner): Int32Array {
  const { arena, offsets, size } = interner
  const compare = (a: number, b: number): number =>
    compareByteRanges(
      arena,
      offsets[a] as number,
      offsets[a + 1] as number,
      arena,
      offsets[b] as number,
      offsets[b + 1] as number
    )
  const order = new Int32Array(size)
  for (let k = 0; k < size; k++) order[k] = k
  let sorted = true
  for (let k = 1; k < size && sorted; k++) sorted = compare(k - 1, k) < 0
  if (!sorted) order.set(Array.from(order).sort(compare))
  return order
}

function inverse(order: Int32Array): Int32Array {
  const inverted = new Int32Array(order.length)
  for (let k = 0; k < order.length; k++) inverted[order[k] as number] = k
  return inverted
}

/** For each final index, the document (by document order) that belongs there, or -1. */
function placeDocuments(
  count: number,
  loadIndexOfDoc: Int32Array,
  newIndex: Int32Array
): Int32Array {
  const docAt = new Int32Array(count).fill(-1)
  for (let k = 0; k < loadIndexOfDoc.length; k++) {
    docAt[newIndex[loadIndexOfDoc[k] as number] as number] = k
  }
  return docAt
}

/** `texts[docAt[k]]` for every k, null where there is no document (a plain loop, as `gather`). */
function textsByPlace(texts: (string | null)[], docAt: Int32Array): (string | null)[] {
  const out: (string | null)[] = []
  for (const doc of docAt) out.push(doc < 0 ? null : (texts[doc] as string | null))
  return out
}

/**
 * Byte strings `bytes[offsets[k]..offsets[k+1])` rewritten in the order `order` (-1: an empty
 * entry), as the sections `<name>` (the bytes) and `<name>.offsets`.
 */
function setReordered(
  out: MemoryColumns,
  name: string,
  bytes: Uint8Array,
  offsets: ArrayLike<number>,
  order: Int32Array
): void {
  if (isIdentity(order) && offsets[0] === 0) {
    // Already in order (ids sorted in the file, a document for each): one copy of each array.
    const sameOffsets = new Uint32Array(order.length + 1)
    for (let k = 0; k <= order.length; k++) sameOffsets[k] = offsets[k] as number
    out.set(name, bytes.slice(0, sameOffsets[order.length]))
    out.set(`${name}.offsets`, sameOffsets)
    return
  }
  const newOffsets = new Uint32Array(order.length + 1)
  let total = 0
  for (let k = 0; k < order.length; k++) {
    const from = order[k] as number
    if (from >= 0) total += (offsets[from + 1] as number) - (offsets[from] as number)
    newOffsets[k + 1] = total
  }
  const newBytes = new Uint8Array(total)
  for (let k = 0; k < order.length; k++) {
    const from = order[k] as number
    if (from < 0) continue
    newBytes.set(bytes.subarray(offsets[from], offsets[from + 1]), newOffsets[k])
  }
  out.set(name, newBytes)
  out.set(`${name}.offsets`, newOffsets)
}

function isIdentity(order: Int32Array): boolean {
  for (let k = 0; k < order.length; k++) if (order[k] !== k) return false
  return true
}

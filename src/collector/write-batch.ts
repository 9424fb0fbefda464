import {
  MongoBulkWriteError,
  MongoServerError,
  type AnyBulkWriteOperation,
  type Db,
  type Document,
  type WriteError
} from 'mongodb'
import type { PageDurationEvent, TrackerEvent } from '../shared/collector/tracker-events'
import type { DeviceInfo } from './device-info'
import {
  eventEnd,
  isInsertedEvent,
  pageDurationUpdate,
  toEventDocument,
  toIdentityJoin,
  type IdentityJoin,
  type StoredEventDocument
} from './event-documents'

const DUPLICATE_KEY = 11000

/** The collections as the collector writes them: ids are the tracker's (or the shop's) strings. */
interface UserWrite {
  _id: string
  name?: string
  email?: string
  createdAt?: Date
  lastActiveAt?: Date
  /** On an anonymous visitor joined to a known user: that user's id. */
  mergedInto?: string
  /** On a known user: the anonymous ids joined to it. */
  anonymousIds?: string[]
}
interface SessionWrite {
  _id: string
  userId: string
  startTime?: Date
  endTime?: Date
  deviceInfo?: DeviceInfo
  ipAddress?: string
}
type EventWrite = StoredEventDocument | (Document & { _id: string })

/** What the request tells about the visitor's device (one batch comes from one browser). */
export interface BatchOrigin {
  deviceInfo: DeviceInfo
  ipAddress?: string
}

export interface BatchWriteCounts {
  /** Events that changed the database now. */
  stored: number
  /** Events it already had: nothing written twice. */
  duplicates: number
}

/**
 * Writes one batch of valid events in the seed's shape. Every step is idempotent (upserts with
 * `$setOnInsert`/`$min`/`$max`, inserts keyed by the tracker's ids, joins that re-key by value), so
 * a batch sent again after a failure or a lost reply stores nothing twice. Resolves only once the
 * server has acknowledged every write; throws when any write failed other than as a duplicate.
 *
 * Order matters: identities are joined first, so that this batch's anonymous events land on the
 * known user; sessions before events, so a reader never sees an event without its session.
 */
export async function writeBatch(
  db: Db,
  events: readonly TrackerEvent[],
  origin: BatchOrigin
): Promise<BatchWriteCounts> {
  const counts: BatchWriteCounts = { stored: 0, duplicates: 0 }
  for (const event of events) {
    if (event.kind !== 'identify') continue
    if (await joinIdentity(db, toIdentityJoin(event))) counts.stored++
    else counts.duplicates++
  }
  const resolveUser = await touchUsers(db, events)
  await upsertSessions(db, events, resolveUser, origin)

  // A time on page whose page view is in this batch rides on its insert: one write, not two
  // (on FerretDB every update statement is a transaction of its own).
  const viewsHere = new Set(events.filter((e) => e.kind === 'page_view').map((e) => e.id))
  const folded = new Map<string, number>()
  const durations: PageDurationEvent[] = []
  for (const event of events) {
    if (event.kind !== 'page_duration') continue
    if (viewsHere.has(event.id))
      folded.set(event.id, Math.max(folded.get(event.id) ?? 0, event.seconds))
    else durations.push(event)
  }
  const inserted = await insertEvents(db, events, resolveUser, folded)
  add(counts, inserted)
  for (const event of events) {
    if (event.kind !== 'page_duration' || !folded.has(event.id)) continue
    // Its page view was already stored (a batch sent again): the time must still reach it.
    if (inserted.duplicateIds.has(event.id)) durations.push(event)
    else counts.stored++
  }
  add(counts, await applyPageDurations(db, durations, resolveUser))
  return counts
}

/**
 * The known user gets the traits and remembers the anonymous id; the anonymous user document says
 * where it went (so late events of that id follow); the anonymous id's sessions and events move
 * to the known user. True when anything changed.
 */
async function joinIdentity(db: Db, join: IdentityJoin): Promise<boolean> {
  const users = db.collection<UserWrite>('users')
  const traits: Pick<UserWrite, 'name' | 'email'> = {}
  if (join.name !== undefined) traits.name = join.name
  if (join.email !== undefined) traits.email = join.email
  const known = await retryDuplicateUpsert(() =>
    users.updateOne(
      { _id: join.userId },
      {
        ...(Object.keys(traits).length > 0 ? { $set: traits } : {}),
        $setOnInsert: { createdAt: join.at },
        $max: { lastActiveAt: join.at },
        ...(join.anonymousId === join.userId
          ? {}
          : { $addToSet: { anonymousIds: join.anonymousId } })
      },
      { upsert: true }
    )
  )
  let changed = known.modifiedCount + known.upsertedCount > 0
  if (join.anonymousId === join.userId) return changed
  const anonymous = await retryDuplicateUpsert(() =>
    users.updateOne(
      { _id: join.anonymousId },
      {
        $set: { mergedInto: join.userId },
        $setOnInsert: { createdAt: join.at },
        $max: { lastActiveAt: join.at }
      },
      { upsert: true }
    )
  )
  changed ||= anonymous.modifiedCount + anonymous.upsertedCount > 0
  const move = { $set: { userId: join.userId } }
  const sessions = await db
    .collection<SessionWrite>('sessions')
    .updateMany({ userId: join.anonymousId }, move)
  const moved = await db
    .collection<EventWrite>('events')
    .updateMany({ userId: join.anonymousId }, move)
  return changed || sessions.modifiedCount + moved.modifiedCount > 0
}

/**
 * Upserts each user of the batch (`createdAt` once, `lastActiveAt` only forward) and returns how
 * to map the batch's user ids: an anonymous id already joined to a known user maps to that user.
 */
async function touchUsers(
  db: Db,
  events: readonly TrackerEvent[]
): Promise<(userId: string) => string> {
  const users = db.collection<UserWrite>('users')
  const spans = new Map<string, { first: number; last: number }>()
  for (const event of events) {
    if (event.kind === 'identify') continue
    const span = spans.get(event.userId)
    const end = eventEnd(event)
    if (!span) spans.set(event.userId, { first: event.timestamp, last: end })
    else {
      span.first = Math.min(span.first, event.timestamp)
      span.last = Math.max(span.last, end)
    }
  }
  const aliases = new Map<string, string>()
  for (const [userId, span] of spans) {
    const touch = {
      $setOnInsert: { createdAt: new Date(span.first) },
      $max: { lastActiveAt: new Date(span.last) }
    }
    const user = await retryDuplicateUpsert(() =>
      users.findOneAndUpdate({ _id: userId }, touch, {
        upsert: true,
        // No projection: FerretDB 1.x does not implement findAndModify's `fields`.
        returnDocument: 'after'
      })
    )
    const target: unknown = user?.mergedInto
    if (typeof target === 'string' && target !== userId) {
      aliases.set(userId, target)
      await retryDuplicateUpsert(() => users.updateOne({ _id: target }, touch, { upsert: true }))
    }
  }
  return (userId) => aliases.get(userId) ?? userId
}

/** One upsert per session: first start and last end only widen; device and address set once. */
async function upsertSessions(
  db: Db,
  events: readonly TrackerEvent[],
  resolveUser: (userId: string) => string,
  origin: BatchOrigin
): Promise<void> {
  const spans = new Map<string, { userId: string; start: number; end: number }>()
  for (const event of events) {
    if (event.kind === 'identify') continue
    const span = spans.get(event.sessionId)
    const end = eventEnd(event)
    if (!span) {
      spans.set(event.sessionId, { userId: event.userId, start: event.timestamp, end })
    } else {
      span.start = Math.min(span.start, event.timestamp)
      span.end = Math.max(span.end, end)
    }
  }
  if (spans.size === 0) return
  const onInsert: Pick<SessionWrite, 'deviceInfo' | 'ipAddress'> = {}
  if (Object.keys(origin.deviceInfo).length > 0) onInsert.deviceInfo = origin.deviceInfo
  if (origin.ipAddress) onInsert.ipAddress = origin.ipAddress
  const operations: AnyBulkWriteOperation<SessionWrite>[] = [...spans].map(([sessionId, span]) => ({
    updateOne: {
      filter: { _id: sessionId },
      update: {
        $setOnInsert: { userId: resolveUser(span.userId), ...onInsert },
        $min: { startTime: new Date(span.start) },
        $max: { endTime: new Date(span.end) }
      },
      upsert: true
    }
  }))
  await retryDuplicateUpsert(() =>
    db.collection<SessionWrite>('sessions').bulkWrite(operations, { ordered: false })
  )
}

/**
 * Unordered insert keyed by the tracker's ids (page views with their time on page when it came
 * along): duplicates are counted and named, anything else throws.
 */
async function insertEvents(
  db: Db,
  events: readonly TrackerEvent[],
  resolveUser: (userId: string) => string,
  secondsOnPage: ReadonlyMap<string, number>
): Promise<BatchWriteCounts & { duplicateIds: Set<string> }> {
  const documents = events
    .filter(isInsertedEvent)
    .map((event) => toEventDocument(event, resolveUser(event.userId), secondsOnPage.get(event.id)))
  const duplicateIds = new Set<string>()
  if (documents.length === 0) return { stored: 0, duplicates: 0, duplicateIds }
  try {
    const result = await db
      .collection<EventWrite>('events')
      .insertMany(documents, { ordered: false })
    return { stored: result.insertedCount, duplicates: 0, duplicateIds }
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error
    const writeErrors = ([] as WriteError[]).concat(error.writeErrors)
    if (error.writeConcernError || writeErrors.some((w) => w.code !== DUPLICATE_KEY)) throw error
    for (const writeError of writeErrors) {
      const id = documents[writeError.index]?._id
      if (id !== undefined) duplicateIds.add(id)
    }
    return { stored: error.insertedCount, duplicates: writeErrors.length, duplicateIds }
  }
}

/** Times on page of page views stored before (or not yet: then the upsert stands in for them). */
async function applyPageDurations(
  db: Db,
  durations: readonly PageDurationEvent[],
  resolveUser: (userId: string) => string
): Promise<BatchWriteCounts> {
  const operations: AnyBulkWriteOperation<EventWrite>[] = []
  for (const event of durations) {
    operations.push({
      updateOne: { ...pageDurationUpdate(event, resolveUser(event.userId)), upsert: true }
    })
  }
  if (operations.length === 0) return { stored: 0, duplicates: 0 }
  const result = await retryDuplicateUpsert(() =>
    db.collection<EventWrite>('events').bulkWrite(operations, { ordered: false })
  )
  const changed = result.modifiedCount + result.upsertedCount
  return { stored: changed, duplicates: operations.length - changed }
}

/**
 * Two upserts of one new `_id` at once can both try the insert; the loser fails with a duplicate
 * key (MongoDB retries that itself, FerretDB does not). Once more finds the document and updates it.
 */
async function retryDuplicateUpsert<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error
    return write()
  }
}

function isDuplicateKeyError(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = ([] as WriteError[]).concat(error.writeErrors)
    return writeErrors.length > 0 && writeErrors.every((w) => w.code === DUPLICATE_KEY)
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY
}

function add(into: BatchWriteCounts, counts: BatchWriteCounts): void {
  into.stored += counts.stored
  into.duplicates += counts.duplicates
}

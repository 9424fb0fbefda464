import { MongoBulkWriteError, type AnyBulkWriteOperation, type Db, type WriteError } from 'mongodb'
import type { PageDurationEvent, TrackerEvent } from '../shared/collector/tracker-events'
import {
  DUPLICATE_KEY,
  retryDuplicateUpsert,
  type EventWrite,
  type SessionWrite,
  type UserWrite
} from './collector-collections'
import type { DeviceInfo } from './device-info'
import {
  eventEnd,
  isInsertedEvent,
  pageDurationUpdate,
  toEventDocument,
  toIdentityJoin,
  type InsertedEvent
} from './event-documents'
import { joinIdentity } from './join-identity'

/** What the request tells about the visitor's device (one batch comes from one browser). */
export interface BatchOrigin {
  deviceInfo: DeviceInfo
  ipAddress?: string
}

/** One request's valid events. */
export interface BatchJob {
  events: readonly TrackerEvent[]
  origin: BatchOrigin
}

export interface BatchWriteCounts {
  /** Events that changed the database now. */
  stored: number
  /** Events it already had: nothing written twice. */
  duplicates: number
}

/** An event of the round, with the batch it came in. */
interface Entry<E extends TrackerEvent = TrackerEvent> {
  event: E
  job: number
}

/**
 * Writes the valid events of one or more batches (a round of the BatchWriter) in the seed's shape,
 * with as few writes as the server allows: one insert for every new event of the round, one upsert
 * per user and per session, one update per time on page whose page view was stored before. Every
 * step is idempotent (upserts with `$setOnInsert`/`$min`/`$max`, inserts keyed by the tracker's
 * ids, joins that re-key by value), so a batch sent again after a failure or a lost reply stores
 * nothing twice. Resolves, with each batch's counts, only once the server has acknowledged every
 * write; throws when any write failed other than as a duplicate.
 *
 * Order matters: identities are joined first, so that anonymous events land on the known user;
 * sessions before events, so a reader never sees an event without its session.
 */
export async function writeBatches(db: Db, jobs: readonly BatchJob[]): Promise<BatchWriteCounts[]> {
  const counts = jobs.map(() => ({ stored: 0, duplicates: 0 }))
  const entries: Entry[] = []
  for (const [job, { events }] of jobs.entries()) {
    for (const event of events) {
      if (event.kind !== 'identify') {
        entries.push({ event, job })
      } else if (await joinIdentity(db, toIdentityJoin(event))) {
        countOf(counts, job).stored++
      } else {
        countOf(counts, job).duplicates++
      }
    }
  }
  const resolveUser = await touchUsers(db, entries)
  await upsertSessions(db, entries, jobs, resolveUser)

  // A time on page whose page view is in this round rides on its insert: one write, not two
  // (on FerretDB every update statement is a transaction of its own).
  const viewsHere = new Set(
    entries.filter((e) => e.event.kind === 'page_view').map((e) => e.event.id)
  )
  const folded = new Map<string, number>()
  const durations: Entry<PageDurationEvent>[] = []
  for (const entry of entries) {
    const { event } = entry
    if (event.kind !== 'page_duration') continue
    if (viewsHere.has(event.id))
      folded.set(event.id, Math.max(folded.get(event.id) ?? 0, event.seconds))
    else durations.push({ event, job: entry.job })
  }
  const insertedIds = await insertEvents(db, entries, resolveUser, folded, counts)
  for (const { event, job } of entries) {
    if (event.kind !== 'page_duration' || !folded.has(event.id)) continue
    // Its page view was already stored (a batch sent again): the time must still reach it.
    if (insertedIds.has(event.id)) countOf(counts, job).stored++
    else durations.push({ event, job })
  }
  await applyPageDurations(db, durations, resolveUser, counts)
  return counts
}

/**
 * Upserts each user of the round (`createdAt` once, `lastActiveAt` only forward) and returns how
 * to map its user ids: an anonymous id already joined to a known user maps to that user.
 */
async function touchUsers(db: Db, entries: readonly Entry[]): Promise<(userId: string) => string> {
  const users = db.collection<UserWrite>('users')
  const spans = new Map<string, { first: number; last: number }>()
  for (const { event } of entries) {
    const span = spans.get(event.userId)
    const end = eventEnd(event)
    if (!span) spans.set(event.userId, { first: event.timestamp, last: end })
    else {
      span.first = Math.min(span.first, event.timestamp)
      span.last = Math.max(span.last, end)
    }
  }
  const aliases = new Map<string, string>()
  await Promise.all(
    [...spans].map(async ([userId, span]) => {
      const touch = {
        $setOnInsert: { createdAt: new Date(span.first) },
        $max: { lastActiveAt: new Date(span.last) }
      }
      const user = await retryDuplicateUpsert(() =>
        // No projection: FerretDB 1.x does not implement findAndModify's `fields`.
        users.findOneAndUpdate({ _id: userId }, touch, { upsert: true, returnDocument: 'after' })
      )
      const target: unknown = user?.mergedInto
      if (typeof target === 'string' && target !== userId) {
        aliases.set(userId, target)
        await retryDuplicateUpsert(() => users.updateOne({ _id: target }, touch, { upsert: true }))
      }
    })
  )
  return (userId) => aliases.get(userId) ?? userId
}

/** One upsert per session: first start and last end only widen; device and address set once. */
async function upsertSessions(
  db: Db,
  entries: readonly Entry[],
  jobs: readonly BatchJob[],
  resolveUser: (userId: string) => string
): Promise<void> {
  const spans = new Map<string, { userId: string; job: number; start: number; end: number }>()
  for (const { event, job } of entries) {
    const span = spans.get(event.sessionId)
    const end = eventEnd(event)
    if (!span) {
      spans.set(event.sessionId, { userId: event.userId, job, start: event.timestamp, end })
    } else {
      span.start = Math.min(span.start, event.timestamp)
      span.end = Math.max(span.end, end)
    }
  }
  if (spans.size === 0) return
  const operations: AnyBulkWriteOperation<SessionWrite>[] = [...spans].map(([sessionId, span]) => {
    const origin = jobs[span.job]?.origin
    const onInsert: Omit<SessionWrite, '_id'> = { userId: resolveUser(span.userId) }
    if (origin && Object.keys(origin.deviceInfo).length > 0) onInsert.deviceInfo = origin.deviceInfo
    if (origin?.ipAddress) onInsert.ipAddress = origin.ipAddress
    return {
      updateOne: {
        filter: { _id: sessionId },
        update: {
          $setOnInsert: onInsert,
          $min: { startTime: new Date(span.start) },
          $max: { endTime: new Date(span.end) }
        },
        upsert: true
      }
    }
  })
  await retryDuplicateUpsert(() =>
    db.collection<SessionWrite>('sessions').bulkWrite(operations, { ordered: false })
  )
}

/**
 * One unordered insert for the round, keyed by the tracker's ids (page views with their time on
 * page when it came along). Counts each batch's stored and duplicate events; returns the ids
 * inserted now; throws on anything but duplicates.
 */
async function insertEvents(
  db: Db,
  entries: readonly Entry[],
  resolveUser: (userId: string) => string,
  secondsOnPage: ReadonlyMap<string, number>,
  counts: BatchWriteCounts[]
): Promise<Set<string>> {
  const inserted = entries.filter((entry): entry is Entry<InsertedEvent> =>
    isInsertedEvent(entry.event)
  )
  const documents = inserted.map(({ event }) =>
    toEventDocument(event, resolveUser(event.userId), secondsOnPage.get(event.id))
  )
  const failed = new Set<number>()
  if (documents.length > 0) {
    try {
      await db.collection<EventWrite>('events').insertMany(documents, { ordered: false })
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error
      const writeErrors = ([] as WriteError[]).concat(error.writeErrors)
      if (error.writeConcernError || writeErrors.some((w) => w.code !== DUPLICATE_KEY)) throw error
      for (const writeError of writeErrors) failed.add(writeError.index)
    }
  }
  const insertedIds = new Set<string>()
  inserted.forEach(({ event, job }, index) => {
    if (failed.has(index)) {
      countOf(counts, job).duplicates++
    } else {
      countOf(counts, job).stored++
      insertedIds.add(event.id)
    }
  })
  return insertedIds
}

/**
 * Times on page of page views stored before (or not yet: then the upsert stands in for them).
 * One update per page view, with the longest time of the round; it counts for the batch that sent
 * that time, the other times of that page view are duplicates.
 */
async function applyPageDurations(
  db: Db,
  durations: readonly Entry<PageDurationEvent>[],
  resolveUser: (userId: string) => string,
  counts: BatchWriteCounts[]
): Promise<void> {
  const longest = new Map<string, Entry<PageDurationEvent>>()
  for (const entry of durations) {
    const best = longest.get(entry.event.id)
    if (!best || entry.event.seconds > best.event.seconds) longest.set(entry.event.id, entry)
  }
  const events = db.collection<EventWrite>('events')
  const changed = new Set<Entry<PageDurationEvent>>()
  await Promise.all(
    [...longest.values()].map(async (entry) => {
      const { filter, update } = pageDurationUpdate(entry.event, resolveUser(entry.event.userId))
      const result = await retryDuplicateUpsert(() =>
        events.updateOne(filter, update, { upsert: true })
      )
      if (result.modifiedCount + result.upsertedCount > 0) changed.add(entry)
    })
  )
  for (const entry of durations) {
    if (changed.has(entry)) countOf(counts, entry.job).stored++
    else countOf(counts, entry.job).duplicates++
  }
}

function countOf(counts: BatchWriteCounts[], job: number): BatchWriteCounts {
  const count = counts[job]
  if (!count) throw new Error(`no batch ${job} in this round`)
  return count
}

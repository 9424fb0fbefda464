import type { Db, Document } from 'mongodb'
import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../../shared/journeys/documents'
import type { CallContext } from '../../../../shared/rpc/contract'
import {
  normaliseSession,
  normaliseUser,
  type UserActivity
} from '../../../mapping/normalise/normalise-data'
import { timeBounds } from '../../reducers/scope-filter'
import { idKey } from '../../rules/id-key'
import type { DocumentsQuery } from '../../row-sources'
import { cursorDocuments, openSpecCursor } from '../cursor-rows'
import { toPlanStep, type FindSpec } from '../find-specs'
import type { CursorOptions } from '../run-find'
import { SessionDeviceMap } from '../session-devices'
import type { MappedEventReads } from './mapped-event-reads'
import { mappedProjection } from './mapped-find-specs'

type RawDocument = Record<string, unknown>

/**
 * A raw collection of a mapped server in the seed's shape: the documents the folder's mapped copy
 * holds (`users`, `sessions`, `events`), those whose date field (`createdAt`, `startTime`,
 * `timestamp`) is in the range. Events, derived sessions and users without a users collection
 * come from the events read user by user; a mapped sessions or users collection is streamed as it
 * is (a users collection after one pass over the events when a user's times come from them).
 * Rows come in the server's order of the mapped ids, not necessarily the local engine's.
 */
export async function* mappedDocuments(
  db: Db,
  reads: MappedEventReads,
  cursor: CursorOptions,
  query: DocumentsQuery,
  context: CallContext
): AsyncGenerator<RawDocument, void, undefined> {
  const { fromMs, toMs } = timeBounds(query.range)
  const inRange = (time: Date): boolean => {
    const t = time.getTime()
    return t >= fromMs && t < toMs
  }
  const { mapping } = reads
  if (query.collection === 'events') {
    for await (const user of reads.users(new SessionDeviceMap(), context)) {
      for (const event of user.events) if (inRange(event.timestamp)) yield asRaw(event)
    }
    return
  }
  if (query.collection === 'sessions') {
    const fields = mapping.sessions
    if (!fields) {
      for await (const user of reads.users(new SessionDeviceMap(), context)) {
        for (const session of user.sessions) if (inRange(session.startTime)) yield asRaw(session)
      }
      return
    }
    const { collection, ...roles } = fields
    const spec = { collection, filter: {}, projection: mappedProjection(Object.values(roles)) }
    for await (const raw of rawDocuments(db, spec, cursor, context)) {
      const session = normaliseSession(raw, fields)
      if (session && inRange(session.startTime)) yield asRaw(session)
    }
    return
  }
  const fields = mapping.users
  if (!fields) {
    for await (const user of reads.users(new SessionDeviceMap(), context)) {
      const made = userOfEvents(user.events)
      if (made && inRange(made.createdAt)) yield asRaw(made)
    }
    return
  }
  // Times the users collection does not hold are the user's first and last event times.
  const activity = new Map<string, UserActivity>()
  if (fields.createdAt === null || fields.lastActiveAt === null) {
    for await (const user of reads.users(new SessionDeviceMap(), context)) {
      const made = userOfEvents(user.events)
      if (made) activity.set(idKey(made._id), { first: made.createdAt, last: made.lastActiveAt })
    }
  }
  const { collection, ...roles } = fields
  const spec = { collection, filter: {}, projection: mappedProjection(Object.values(roles)) }
  for await (const raw of rawDocuments(db, spec, cursor, context)) {
    const user = normaliseUser(raw, fields, (id) => activity.get(idKey(id)))
    if (user && inRange(user.createdAt)) yield asRaw(user)
  }
}

/**
 * The user a user's events make (no users collection), as the mapped copy makes it: first seen
 * at their first event, last active at their latest.
 */
function userOfEvents(events: readonly EventDocument[]): UserDocument | null {
  const first = events[0]
  if (!first) return null
  let last = first.timestamp
  for (const event of events) if (event.timestamp > last) last = event.timestamp
  return { _id: first.userId, name: '', email: '', createdAt: first.timestamp, lastActiveAt: last }
}

function rawDocuments(
  db: Db,
  spec: FindSpec,
  cursor: CursorOptions,
  context: CallContext
): AsyncGenerator<Document, void, undefined> {
  return cursorDocuments(openSpecCursor<Document>(db, toPlanStep(spec), cursor), context.signal)
}

function asRaw(document: EventDocument | SessionDocument | UserDocument): RawDocument {
  return document as unknown as RawDocument
}

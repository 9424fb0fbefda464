import type {
  DocumentId,
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../shared/journeys/documents'
import { EVENT_TYPES } from '../../../shared/journeys/documents'
import type { FieldMapping } from '../../../shared/mapping/field-mapping'
import { compareUtf8 } from '../../engine/rules/compare-ids'
import { idText, timestampMillis } from '../mapped-values'
import { readFieldPath } from '../read-field-path'
import { documentId } from './document-id'
import { normaliseEvent, type NormalisedEvent } from './normalise-event'

/** A source's documents of any shape, by role (null: the mapping has no such collection). */
export interface MappedDocuments {
  users: Iterable<unknown> | null
  sessions: Iterable<unknown> | null
  events: Iterable<unknown>
}

/** The same data in the seed's shape, and what could not be read (never dropped in silence). */
export interface NormalisedData {
  users: UserDocument[]
  sessions: SessionDocument[]
  events: EventDocument[]
  /** Events without a user, a name or a readable time; sessions or users without an id. */
  skipped: { events: number; sessions: number; users: number }
  notes: string[]
}

/**
 * Any shape's documents in the seed's shape, through the mapping. With no sessions collection,
 * sessions come from the events: by the events' session id when the mapping names one, else each
 * user's events split where the gap passes `sessionIdleMinutes`; a derived session starts at its
 * first event and ends at the latest of its events' times and page views' ends (time + duration),
 * and takes browser, OS and IP from its first event. With no users collection, users are the
 * events' distinct user ids, first seen and last active at their first and last events.
 */
export function normaliseData(documents: MappedDocuments, mapping: FieldMapping): NormalisedData {
  const skipped = { events: 0, sessions: 0, users: 0 }
  const normalised: NormalisedEvent[] = []
  for (const document of documents.events) {
    const event = normaliseEvent(document, mapping)
    if (event) normalised.push(event)
    else skipped.events += 1
  }
  normalised.sort(byUserThenTime)
  const sessions =
    mapping.sessions === null
      ? deriveSessions(normalised, mapping)
      : readSessions(documents.sessions ?? [], mapping, skipped)
  const events = normalised.map(({ event }) => event as EventDocument)
  const users =
    mapping.users === null
      ? usersFromEvents(events)
      : readUsers(documents.users ?? [], mapping, events, skipped)
  const [names, ...rest] = mappingReadNotes(mapping)
  const notes: string[] = [names as string]
  if (skipped.events > 0) {
    notes.push(
      `${skipped.events.toLocaleString('en-US')} events have no user id, event name or readable time under the mapping and are left out (journey doctor lists them).`
    )
  }
  notes.push(...rest)
  return { users, sessions, events, skipped, notes }
}

/** How queries read data through a mapping: event names, and where sessions and users come from. */
export function mappingReadNotes(mapping: FieldMapping): string[] {
  const notes = [
    `Page views are named ${EVENT_TYPES.pageView} and purchases ${EVENT_TYPES.purchase} in queries (the data calls them "${mapping.eventNames.pageView}" and "${mapping.eventNames.purchase}"); other event names are the data's own.`
  ]
  if (mapping.sessions === null) {
    notes.push(
      mapping.events.sessionId === null
        ? `Sessions are derived from the events: a gap of more than ${String(mapping.sessionIdleMinutes)} idle minutes starts a new one.`
        : 'Sessions are the events’ session ids (there is no sessions collection).'
    )
  }
  if (mapping.users === null) notes.push('Users are the distinct user ids of the events.')
  return notes
}

function byUserThenTime(a: NormalisedEvent, b: NormalisedEvent): number {
  const user = compareUtf8(idKey(a.event.userId), idKey(b.event.userId))
  if (user !== 0) return user
  const time = a.event.timestamp.getTime() - b.event.timestamp.getTime()
  return time !== 0 ? time : compareUtf8(idKey(a.event._id), idKey(b.event._id))
}

function idKey(id: DocumentId): string {
  return idText(id) ?? ''
}

/** Sessions from the events (sorted by user, then time), giving each event its session id. */
function deriveSessions(events: NormalisedEvent[], mapping: FieldMapping): SessionDocument[] {
  const idleMillis = mapping.sessionIdleMinutes * 60_000
  const sessions = new Map<string, SessionDocument>()
  let previous: NormalisedEvent | null = null
  let counter = 0
  let current: SessionDocument | null = null
  for (const item of events) {
    const { event } = item
    const sameUser = previous !== null && idKey(previous.event.userId) === idKey(event.userId)
    if (!sameUser) counter = 0
    let session: SessionDocument | null | undefined
    if (event.sessionId !== null) {
      session = sessions.get(idKey(event.sessionId))
    } else {
      const gap: number =
        previous === null ? Infinity : event.timestamp.getTime() - lastTime(current)
      session = sameUser && gap <= idleMillis ? current : null
    }
    if (!session) {
      counter += 1
      const id = event.sessionId ?? `${idKey(event.userId)}#${String(counter)}`
      session = {
        _id: id,
        userId: event.userId,
        startTime: event.timestamp,
        endTime: event.timestamp,
        ...device(item)
      }
      sessions.set(idKey(id), session)
    }
    event.sessionId = session._id
    session.endTime = new Date(Math.max(lastTime(session), endOf(event)))
    current = session
    previous = item
  }
  return [...sessions.values()]
}

function lastTime(session: SessionDocument | null): number {
  return session?.endTime?.getTime() ?? -Infinity
}

/** When an event is over: a page view when its time on page ends, anything else at its time. */
function endOf(event: NormalisedEvent['event']): number {
  const duration = event.metadata?.duration
  const time = event.timestamp.getTime()
  return event.eventType === EVENT_TYPES.pageView && typeof duration === 'number' && duration > 0
    ? time + duration * 1000
    : time
}

function device(item: NormalisedEvent): Pick<SessionDocument, 'deviceInfo' | 'ipAddress'> {
  const deviceInfo = {
    ...(item.browser === null ? {} : { browser: item.browser }),
    ...(item.os === null ? {} : { os: item.os })
  }
  return {
    ...(Object.keys(deviceInfo).length > 0 ? { deviceInfo } : {}),
    ...(item.ipAddress === null ? {} : { ipAddress: item.ipAddress })
  }
}

function readSessions(
  documents: Iterable<unknown>,
  mapping: FieldMapping,
  skipped: NormalisedData['skipped']
): SessionDocument[] {
  const fields = mapping.sessions
  if (!fields) return []
  const sessions: SessionDocument[] = []
  for (const document of documents) {
    const session = normaliseSession(document, fields)
    if (session) sessions.push(session)
    else skipped.sessions += 1
  }
  return sessions
}

/** A session document of any shape in the seed's shape; null without an id, user or start time. */
export function normaliseSession(
  document: unknown,
  fields: NonNullable<FieldMapping['sessions']>
): SessionDocument | null {
  const id = documentId(readFieldPath(document, fields.id))
  const userId = documentId(readFieldPath(document, fields.userId))
  const start = timestampMillis(readFieldPath(document, fields.startTime))
  if (id === null || userId === null || start === null) return null
  const end =
    fields.endTime === null ? null : timestampMillis(readFieldPath(document, fields.endTime))
  const browser = fields.browser === null ? undefined : readFieldPath(document, fields.browser)
  const os = fields.os === null ? undefined : readFieldPath(document, fields.os)
  const ip = fields.ipAddress === null ? undefined : readFieldPath(document, fields.ipAddress)
  const deviceInfo = {
    ...(typeof browser === 'string' ? { browser } : {}),
    ...(typeof os === 'string' ? { os } : {})
  }
  return {
    _id: id,
    userId,
    startTime: new Date(start),
    ...(end === null ? {} : { endTime: new Date(end) }),
    ...(Object.keys(deviceInfo).length > 0 ? { deviceInfo } : {}),
    ...(typeof ip === 'string' ? { ipAddress: ip } : {})
  }
}

function readUsers(
  documents: Iterable<unknown>,
  mapping: FieldMapping,
  events: readonly EventDocument[],
  skipped: NormalisedData['skipped']
): UserDocument[] {
  const fields = mapping.users
  if (!fields) return []
  const activity = activityByUser(events)
  const users: UserDocument[] = []
  for (const document of documents) {
    const user = normaliseUser(document, fields, (id) => activity.get(idKey(id)))
    if (user) users.push(user)
    else skipped.users += 1
  }
  return users
}

/** A user's first and last event times (their activity, for times the mapping does not name). */
export interface UserActivity {
  first: Date
  last: Date
}

/**
 * A user document of any shape in the seed's shape (null without an id); a time the mapping does
 * not name (or cannot read) comes from the user's activity, else the epoch.
 */
export function normaliseUser(
  document: unknown,
  fields: NonNullable<FieldMapping['users']>,
  activityOf: (id: DocumentId) => UserActivity | undefined
): UserDocument | null {
  const id = documentId(readFieldPath(document, fields.id))
  if (id === null) return null
  const seen = activityOf(id)
  const text = (path: string | null): string => {
    const value = path === null ? undefined : readFieldPath(document, path)
    return typeof value === 'string' ? value : ''
  }
  const time = (path: string | null, fallback: Date | undefined): Date => {
    const millis = path === null ? null : timestampMillis(readFieldPath(document, path))
    return millis === null ? (fallback ?? new Date(0)) : new Date(Math.round(millis))
  }
  return {
    _id: id,
    name: text(fields.name),
    email: text(fields.email),
    createdAt: time(fields.createdAt, seen?.first),
    lastActiveAt: time(fields.lastActiveAt, seen?.last)
  }
}

function usersFromEvents(events: readonly EventDocument[]): UserDocument[] {
  const users = new Map<string, UserDocument>()
  for (const event of events) {
    const key = idKey(event.userId)
    const user = users.get(key)
    if (!user) {
      users.set(key, {
        _id: event.userId,
        name: '',
        email: '',
        createdAt: event.timestamp,
        lastActiveAt: event.timestamp
      })
    } else if (event.timestamp > user.lastActiveAt) {
      user.lastActiveAt = event.timestamp
    }
  }
  return [...users.values()]
}

function activityByUser(events: readonly EventDocument[]): Map<string, UserActivity> {
  const activity = new Map<string, UserActivity>()
  for (const event of events) {
    const key = idKey(event.userId)
    const seen = activity.get(key)
    if (!seen) activity.set(key, { first: event.timestamp, last: event.timestamp })
    else if (event.timestamp > seen.last) seen.last = event.timestamp
  }
  return activity
}

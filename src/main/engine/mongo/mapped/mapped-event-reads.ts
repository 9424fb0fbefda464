import type { Db, Document } from 'mongodb'
import type {
  DocumentId,
  EventDocument,
  SessionDocument
} from '../../../../shared/journeys/documents'
import type { QueryPlanStep } from '../../../../shared/journeys/results'
import type { FieldMapping } from '../../../../shared/mapping/field-mapping'
import type { CallContext } from '../../../../shared/rpc/contract'
import { idText } from '../../../mapping/mapped-values'
import { documentId } from '../../../mapping/normalise/document-id'
import { normaliseData, normaliseSession } from '../../../mapping/normalise/normalise-data'
import { readFieldPath } from '../../../mapping/read-field-path'
import type { CatalogueAccumulator } from '../../reducers/catalogue'
import { compareIds } from '../../rules/compare-ids'
import { compareEvents } from '../../rules/event-order'
import { idKey } from '../../rules/id-key'
import { cursorBatches, cursorDocuments, openSpecCursor } from '../cursor-rows'
import { toPlanStep } from '../find-specs'
import { streamFind, type CursorOptions } from '../run-find'
import { SessionDeviceMap } from '../session-devices'
import { mappedEventsByUserFind, mappedSessionsFind } from './mapped-find-specs'

/** One user's events in the seed's shape, in event order, and the sessions derived from them. */
export interface MappedUser {
  userId: DocumentId
  events: EventDocument[]
  /** Sessions derived from the events (none when the mapping names a sessions collection). */
  sessions: SessionDocument[]
}

/**
 * Reads a server's events through a field mapping, user by user, into the seed's shape, so the
 * reducer strategy's reducers answer on any shape exactly as the local engine does on the mapped
 * copy of a folder: the same normalisation (normaliseData) runs on each user's events, so times,
 * pages, event names and derived sessions (split by the idle gap over all of the user's events)
 * are those of the copy. Memory: one user's events at a time, plus one device per session.
 */
export class MappedEventReads {
  constructor(
    private readonly db: Db,
    readonly mapping: FieldMapping,
    private readonly cursor: CursorOptions
  ) {}

  /**
   * Hands every user to `onUser`, in the server's order of the mapped user id. Every session's
   * device is in `devices` before its events are handed over (a mapped sessions collection is
   * read first). Returns the plan steps of the finds it ran.
   */
  async eachUser(
    devices: SessionDeviceMap,
    context: CallContext,
    onUser: (user: MappedUser) => void
  ): Promise<QueryPlanStep[]> {
    const steps: QueryPlanStep[] = []
    const sessionFields = this.mapping.sessions
    if (sessionFields) {
      const spec = mappedSessionsFind(sessionFields)
      await streamFind<Document>(this.db, spec, this.cursor, context, 'Reading sessions', (raw) => {
        const session = normaliseSession(raw, sessionFields)
        if (session) devices.add(session._id, session.deviceInfo)
      })
      steps.push(toPlanStep(spec))
    }
    const spec = mappedEventsByUserFind(this.mapping)
    const groups = new RawUserGroups(this.mapping.events.userId, (raw) => {
      const user = this.normaliseUser(raw)
      if (!user) return
      for (const session of user.sessions) devices.add(session._id, session.deviceInfo)
      onUser(user)
    })
    await streamFind<Document>(this.db, spec, this.cursor, context, 'Reading events', (raw) => {
      groups.push(raw)
    })
    groups.finish()
    steps.push(toPlanStep(spec))
    return steps
  }

  /**
   * The users of `eachUser` as an async iterable, read only as fast as they are consumed (for
   * exports): the finds' cursors are read a batch at a time and closed when the consumer stops.
   */
  async *users(devices: SessionDeviceMap, context: CallContext): AsyncGenerator<MappedUser> {
    const sessionFields = this.mapping.sessions
    if (sessionFields) {
      const spec = toPlanStep(mappedSessionsFind(sessionFields))
      const cursor = openSpecCursor<Document>(this.db, spec, this.cursor)
      for await (const raw of cursorDocuments(cursor, context.signal)) {
        const session = normaliseSession(raw, sessionFields)
        if (session) devices.add(session._id, session.deviceInfo)
      }
    }
    const ready: MappedUser[] = []
    const groups = new RawUserGroups(this.mapping.events.userId, (raw) => {
      const user = this.normaliseUser(raw)
      if (!user) return
      for (const session of user.sessions) devices.add(session._id, session.deviceInfo)
      ready.push(user)
    })
    const spec = toPlanStep(mappedEventsByUserFind(this.mapping))
    const cursor = openSpecCursor<Document>(this.db, spec, this.cursor)
    for await (const batch of cursorBatches(cursor, context.signal)) {
      for (const raw of batch) groups.push(raw)
      if (ready.length > 0) yield* ready.splice(0)
    }
    groups.finish()
    yield* ready
  }

  /** Every event's name and page and every session's device, for the catalogue. */
  async catalogue(
    accumulator: CatalogueAccumulator,
    context: CallContext
  ): Promise<QueryPlanStep[]> {
    const devices = new SessionDeviceMap()
    const steps = await this.eachUser(devices, context, (user) => {
      for (const event of user.events)
        accumulator.addEvent(event.eventType, event.metadata?.pageUrl)
    })
    for (const device of devices.values()) accumulator.addSession(device)
    return steps
  }

  /** A user's raw events in the seed's shape (null when none of them can be read). */
  normaliseUser(raw: readonly unknown[]): MappedUser | null {
    const data = normaliseData({ events: raw, users: null, sessions: null }, this.mapping)
    const first = data.events[0]
    if (!first) return null
    data.events.sort(compareEvents)
    return { userId: first.userId, events: data.events, sessions: data.sessions }
  }
}

/**
 * Raw events sorted by the mapped user id, cut into each user's run: `onUser` gets a user's raw
 * events once the next user's first event (or the end) arrives.
 */
class RawUserGroups {
  private group: unknown[] = []
  private groupKey: string | null = null

  constructor(
    private readonly userPath: string,
    private readonly onUser: (raw: unknown[]) => void
  ) {}

  push(raw: Document): void {
    const key = rawIdKey(readFieldPath(raw, this.userPath))
    if (key !== this.groupKey) {
      this.finish()
      this.groupKey = key
    }
    this.group.push(raw)
  }

  finish(): void {
    if (this.group.length === 0) return
    const group = this.group
    this.group = []
    this.onUser(group)
  }
}

/** The key a raw user id groups by (the id it is read as); null for an unreadable one. */
function rawIdKey(value: unknown): string | null {
  const id = documentId(value)
  return id === null ? null : idText(id)
}

/** What every plan of a mapped source says about how it read the data. */
export const MAPPED_NOTE =
  'Read through the field mapping: every event is read user by user (sorted by the mapped user id) and put in the seed’s shape in the app, so times, pages, event names and derived sessions are those of the mapped copy; the date range and the segment are applied in the app.'

/** A user's events cut by session, sessions in id order (each session's events in event order). */
export function eventsBySession(user: MappedUser): [DocumentId, EventDocument[]][] {
  const sessions = new Map<string, [DocumentId, EventDocument[]]>()
  for (const event of user.events) {
    const key = idKey(event.sessionId)
    const entry = sessions.get(key)
    if (entry) entry[1].push(event)
    else sessions.set(key, [event.sessionId, [event]])
  }
  return [...sessions.values()].sort((a, b) => compareIds(a[0], b[0]))
}

export const MAPPED_CATALOGUE_COST =
  'Read every event (and session) through the field mapping in one pass: the answer is cached per source until refreshed.'

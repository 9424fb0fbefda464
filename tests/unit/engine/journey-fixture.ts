import type {
  DocumentId,
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../src/shared/journeys/documents'
import type { FunnelQuery, FunnelUsersQuery } from '../../../src/shared/journeys/query-schemas'
import {
  TIME_TO_CONVERT_BUCKETS,
  type FunnelResult,
  type TimeToConvertCount
} from '../../../src/shared/journeys/results'
import type { CallContext } from '../../../src/shared/rpc/contract'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import { buildLocalDataset, type LocalDataset } from '../../../src/main/engine/local/local-dataset'
import { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import { compareEvents } from '../../../src/main/engine/rules/event-order'
import type { FunnelUserIdsPage } from '../../../src/main/engine/reducers/funnel-accumulator'
import { FunnelDocumentReducer } from '../../../src/main/engine/reducers/funnel-document-reducer'
import { idKey } from '../../../src/main/engine/rules/id-key'

/** 2025-01-01T00:00:00Z; fixtures give times in seconds after it. */
export const T0 = Date.UTC(2025, 0, 1)

export const at = (seconds: number): Date => new Date(T0 + seconds * 1000)

/** A small data set written by hand: events are given in any order, as in a file. */
export interface Fixture {
  users?: UserDocument[]
  sessions?: SessionDocument[]
  events: EventDocument[]
}

export function event(
  _id: DocumentId,
  userId: DocumentId,
  sessionId: DocumentId,
  eventType: string,
  seconds: number,
  metadata?: EventDocument['metadata']
): EventDocument {
  const doc: EventDocument = { _id, userId, sessionId, eventType, timestamp: at(seconds) }
  if (metadata) doc.metadata = metadata
  return doc
}

export function session(
  _id: DocumentId,
  userId: DocumentId,
  startSeconds: number,
  deviceInfo?: SessionDocument['deviceInfo']
): SessionDocument {
  const doc: SessionDocument = { _id, userId, startTime: at(startSeconds) }
  if (deviceInfo) doc.deviceInfo = deviceInfo
  return doc
}

export function user(_id: DocumentId, name: string, email: string): UserDocument {
  return { _id, name, email, createdAt: at(0), lastActiveAt: at(0) }
}

export function callContext(signal: AbortSignal = new AbortController().signal): CallContext {
  return { signal, reportProgress: () => undefined }
}

const lines = <T>(docs: readonly T[]) => docs.map((document, i) => ({ document, line: i + 1 }))

/** Copies documents so a load (which shares strings in place) never touches the fixture. */
function copy<T extends object>(docs: readonly T[]): T[] {
  return docs.map((doc) => {
    const clone = { ...doc } as Record<string, unknown>
    if ('metadata' in doc && doc.metadata) clone.metadata = { ...doc.metadata }
    return clone as T
  })
}

export async function loadFixture(fixture: Fixture): Promise<LocalDataset> {
  return buildLocalDataset('fixture', {
    users: lines(copy(fixture.users ?? [])),
    sessions: lines(copy(fixture.sessions ?? [])),
    events: lines(copy(fixture.events))
  })
}

export async function localEngine(fixture: Fixture): Promise<LocalJourneyEngine> {
  return new LocalJourneyEngine(await loadFixture(fixture))
}

/** Defaults a funnel query as the schema would. */
export function funnelQuery(
  query: Partial<EngineQuery<FunnelQuery>> & Pick<FunnelQuery, 'steps'>
): EngineQuery<FunnelQuery> {
  return { range: {}, segment: {}, mode: 'ordered', windowSeconds: 14 * 86400, ...query }
}

/** Runs a funnel through the document reducer (as the reducer strategy does), user by user. */
export function funnelByDocumentReducer(
  fixture: Fixture,
  query: EngineQuery<FunnelQuery>,
  usersOf?: Pick<FunnelUsersQuery, 'step' | 'outcome' | 'page'>
): { result: Omit<FunnelResult, 'plan'>; users?: FunnelUserIdsPage } {
  const devices = new Map((fixture.sessions ?? []).map((s) => [idKey(s._id), s.deviceInfo ?? {}]))
  const reducer = new FunnelDocumentReducer(query, (id) => devices.get(idKey(id)), usersOf)
  const byUser = new Map<string, { id: DocumentId; events: EventDocument[] }>()
  for (const e of fixture.events) {
    const key = idKey(e.userId)
    const entry = byUser.get(key) ?? { id: e.userId, events: [] }
    entry.events.push(e)
    byUser.set(key, entry)
  }
  for (const { id, events } of byUser.values()) reducer.addUser(id, [...events].sort(compareEvents))
  return usersOf
    ? { result: reducer.result(), users: reducer.usersResult(usersOf.page) }
    : { result: reducer.result() }
}

/**
 * The funnel by the local engine and by the document reducer; they must agree. Returns the result
 * without its plan.
 */
export async function funnelBoth(
  fixture: Fixture,
  query: EngineQuery<FunnelQuery>
): Promise<Omit<FunnelResult, 'plan'>> {
  const engine = await localEngine(fixture)
  const { plan, ...local } = await engine.funnel(query, callContext())
  if (plan.strategy !== 'local') throw new Error('expected the local strategy')
  const streamed = funnelByDocumentReducer(fixture, query).result
  if (JSON.stringify(streamed) !== JSON.stringify(local)) {
    throw new Error(
      `local and document reducer disagree:\n${JSON.stringify(local)}\n${JSON.stringify(streamed)}`
    )
  }
  return local
}

/** Users per step of a funnel result. */
export const usersPerStep = (result: Omit<FunnelResult, 'plan'>): number[] =>
  result.steps.map((s) => s.users)

export const medians = (result: Omit<FunnelResult, 'plan'>): (number | null)[] =>
  result.steps.map((s) => s.medianSecondsFromPrevious)

/** A full time-to-convert histogram with these users per bucket label (every other bucket 0). */
export function timeToConvert(users: Record<string, number>): TimeToConvertCount[] {
  for (const label of Object.keys(users)) {
    if (!TIME_TO_CONVERT_BUCKETS.some((bucket) => bucket.label === label)) {
      throw new Error(`no time-to-convert bucket is labelled ${label}`)
    }
  }
  return TIME_TO_CONVERT_BUCKETS.map((bucket) => ({
    label: bucket.label,
    fromSeconds: bucket.from,
    toSeconds: bucket.to,
    users: users[bucket.label] ?? 0
  }))
}

import type { Document } from 'mongodb'
import { EVENT_TYPES, type DocumentId } from '../../../shared/journeys/documents'
import type {
  DateRange,
  FlowQuery,
  FunnelQuery,
  OverviewQuery,
  Segment
} from '../../../shared/journeys/query-schemas'
import type { ServerCapabilities } from '../../../shared/contracts/connections-contract'
import type { QueryPlanStep } from '../../../shared/journeys/results'
import type { EngineQuery } from '../rules/engine-query'
import { customerSearchFilter, idCandidates } from '../pipelines/customer-search'

/**
 * A `find` as the reducer strategy runs it, and as the plan prints it. Filters here only narrow what
 * the server sends (a superset of what counts); the reducers apply the exact semantics again, so a
 * server that matches arrays or numbers a little differently cannot change an answer.
 */
export interface FindSpec {
  /** `events`, `sessions` or `users`; a mapped source's own collection names otherwise. */
  collection: string
  filter: Document
  projection?: Document
  sort?: Document
  /** The recommended index this find is meant to use. */
  index?: string
}

type ServerFlavor = ServerCapabilities['flavor']

export const EVENTS_BY_USER_SORT = { userId: 1, timestamp: 1, _id: 1 } as const
export const EVENTS_BY_SESSION_SORT = { sessionId: 1, timestamp: 1, _id: 1 } as const
/** Names of the recommended indexes (src/main/data/recommended-indexes.ts) these finds use. */
export const EVENTS_BY_USER_INDEX = 'userId_1_timestamp_1__id_1'
export const EVENTS_BY_SESSION_INDEX = 'sessionId_1_timestamp_1__id_1'
export const SESSIONS_BY_USER_INDEX = 'userId_1_startTime_-1'

export function toPlanStep(spec: FindSpec): QueryPlanStep {
  const step: QueryPlanStep = {
    collection: spec.collection,
    operation: 'find',
    filter: spec.filter
  }
  if (spec.projection) step.projection = spec.projection
  if (spec.sort) step.sort = spec.sort
  if (spec.index) step.index = spec.index
  return step
}

/** `from <= timestamp < to (+ extension)`; nothing when both ends are open. */
function timestampFilter(range: DateRange, extendToMs = 0): Document {
  const bounds: Document = {}
  if (range.from) bounds.$gte = range.from
  if (range.to) bounds.$lt = new Date(range.to.getTime() + extendToMs)
  return Object.keys(bounds).length === 0 ? {} : { timestamp: bounds }
}

function metadataFilter(segment: Segment): Document {
  const filter: Document = {}
  for (const { key, value } of segment.metadataEquals ?? []) filter[`metadata.${key}`] = value
  return filter
}

/** The event fields every event reducer reads, plus the metadata keys the segment tests. */
function eventProjection(segment: Segment, extra: string[]): Document {
  const projection: Document = { _id: 1, userId: 1, sessionId: 1, eventType: 1, timestamp: 1 }
  for (const field of extra) projection[field] = 1
  for (const { key } of segment.metadataEquals ?? []) projection[`metadata.${key}`] = 1
  return projection
}

/**
 * Funnel events, user by user in event order. `strict` needs every event (a non-matching one
 * breaks a chain); the other modes only the step event types.
 */
export function funnelEventsFind(query: EngineQuery<FunnelQuery>): FindSpec {
  const eventTypes = [...new Set(query.steps.map((step) => step.eventType))]
  const typeFilter: Document =
    query.mode === 'strict'
      ? {}
      : { eventType: eventTypes.length === 1 ? eventTypes[0] : { $in: eventTypes } }
  return {
    collection: 'events',
    filter: {
      ...timestampFilter(query.range, query.windowSeconds * 1000),
      ...typeFilter,
      ...metadataFilter(query.segment)
    },
    projection: eventProjection(query.segment, ['metadata.pageUrl']),
    sort: EVENTS_BY_USER_SORT,
    index: EVENTS_BY_USER_INDEX
  }
}

/** Page views, session by session in event order. */
export function flowEventsFind(query: EngineQuery<FlowQuery>): FindSpec {
  return {
    collection: 'events',
    filter: {
      ...timestampFilter(query.range),
      eventType: EVENT_TYPES.pageView,
      ...metadataFilter(query.segment)
    },
    projection: eventProjection(query.segment, ['metadata.pageUrl']),
    sort: EVENTS_BY_SESSION_SORT,
    index: EVENTS_BY_SESSION_INDEX
  }
}

/** Every in-scope event, in no particular order: the overview only counts. */
export function overviewEventsFind(query: EngineQuery<OverviewQuery>): FindSpec {
  return {
    collection: 'events',
    filter: { ...timestampFilter(query.range), ...metadataFilter(query.segment) },
    projection: eventProjection(query.segment, [
      'metadata.pageUrl',
      'metadata.amount',
      'metadata.currency'
    ])
  }
}

/** The sessions' devices, limited to the segment's browsers and systems when it names any. */
export function sessionDevicesFind(segment: Segment): FindSpec {
  const filter: Document = {}
  if (segment.browsers) filter['deviceInfo.browser'] = { $in: segment.browsers }
  if (segment.operatingSystems) filter['deviceInfo.os'] = { $in: segment.operatingSystems }
  return { collection: 'sessions', filter, projection: { _id: 1, deviceInfo: 1 } }
}

/**
 * Users whose id is the text, or whose name or email starts with it (any case): the same filter as
 * the pipeline strategy's search. The text is escaped, so it is never a pattern or an operator.
 */
export function customerSearchFind(text: string): FindSpec {
  return {
    collection: 'users',
    filter: customerSearchFilter(text),
    projection: { ...CUSTOMER_SUMMARY_PROJECTION }
  }
}

/** What a search shows of a user. */
export const CUSTOMER_SUMMARY_PROJECTION = { _id: 1, name: 1, email: 1, lastActiveAt: 1 } as const

/**
 * How finds are shaped for a server (DESIGN-NOTES.md, "What FerretDB-class servers push down"):
 * - `combined`: one find with `$or`/`$in`, sorted by the server on an index (MongoDB, DocumentDB;
 *   and FerretDB on SQLite, which reads every row whatever the filter, so one read beats several);
 * - `equality`: only a plain equality on one top-level field, which FerretDB on PostgreSQL turns
 *   into SQL; an `$or` or `$in` becomes one such find per value, merged in the app, and small
 *   results are sorted in the app (FerretDB would sort them in its own memory anyway).
 */
export type FindShape = 'combined' | 'equality'

/** `equality` for FerretDB when it pushed an equality filter down to its backend (explain says). */
export function findShapeFor(flavor: ServerFlavor, pushesEqualityDown: boolean): FindShape {
  return flavor === 'ferretdb' && pushesEqualityDown ? 'equality' : 'combined'
}

/** The user of a case file: one `_id` equality per id the text can stand for. */
export function caseFileUserFinds(text: string): FindSpec[] {
  return idCandidates(text).map((_id) => ({ collection: 'users', filter: { _id }, index: '_id_' }))
}

/** A customer's sessions; newest first from the server only where it sorts on the index. */
export function customerSessionsFind(userId: DocumentId, shape: FindShape = 'combined'): FindSpec {
  return {
    collection: 'sessions',
    filter: { userId },
    ...(shape === 'combined' ? { sort: { startTime: -1, _id: -1 } } : {}),
    index: SESSIONS_BY_USER_INDEX
  }
}

/**
 * The customer's events and every event of their sessions (normally the same set; both are asked
 * for so data whose events disagree with their session still gives the documented answer).
 */
export function customerEventsFind(userId: DocumentId, sessionIds: DocumentId[]): FindSpec {
  const filter: Document =
    sessionIds.length === 0 ? { userId } : { $or: [{ userId }, { sessionId: { $in: sessionIds } }] }
  return {
    collection: 'events',
    filter,
    sort: { timestamp: 1, _id: 1 },
    index: EVENTS_BY_USER_INDEX
  }
}

/**
 * `customerEventsFind` in a shape: one find, or (equality) the user's events by `userId` and each
 * session's by `sessionId`, unsorted: the app merges them, drops repeats and sorts by event order.
 */
export function customerEventsFinds(
  userId: DocumentId,
  sessionIds: readonly DocumentId[],
  shape: FindShape
): FindSpec[] {
  if (shape === 'combined') return [customerEventsFind(userId, [...sessionIds])]
  return [
    { collection: 'events', filter: { userId }, index: EVENTS_BY_USER_INDEX },
    ...sessionIds.map((sessionId): FindSpec => ({
      collection: 'events',
      filter: { sessionId },
      index: EVENTS_BY_SESSION_INDEX
    }))
  ]
}

/**
 * The lookups a search can always make by equality: the user whose `_id` is the text (or the
 * ObjectId it spells), and whose email is the text as typed or in lower case. Only candidates: the
 * search semantics are applied to what they find.
 */
export function customerExactFinds(text: string): FindSpec[] {
  const emails = [...new Set([text, text.toLowerCase()])]
  return [
    ...idCandidates(text).map((_id): FindSpec => ({ collection: 'users', filter: { _id } })),
    ...emails.map((email): FindSpec => ({ collection: 'users', filter: { email } }))
  ].map((spec) => ({ ...spec, projection: { ...CUSTOMER_SUMMARY_PROJECTION } }))
}

/**
 * Every event's type and page, for the catalogue: one pass over the events (no filter a server
 * could narrow: every event counts for its type), only two small fields sent.
 */
export function catalogueEventsFind(): FindSpec {
  return {
    collection: 'events',
    filter: {},
    projection: { _id: 0, eventType: 1, 'metadata.pageUrl': 1 }
  }
}

/** Every session's browser and OS, for the catalogue. */
export function catalogueSessionsFind(): FindSpec {
  return {
    collection: 'sessions',
    filter: {},
    projection: { _id: 0, 'deviceInfo.browser': 1, 'deviceInfo.os': 1 }
  }
}

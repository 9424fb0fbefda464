import type { Document } from 'mongodb'
import { EVENT_TYPES, type DocumentId } from '../../../shared/journeys/documents'
import type {
  DateRange,
  FlowQuery,
  FunnelQuery,
  OverviewQuery,
  Segment
} from '../../../shared/journeys/query-schemas'
import type { QueryPlanStep } from '../../../shared/journeys/results'
import type { EngineQuery } from '../rules/engine-query'
import { customerSearchFilter } from '../pipelines/customer-search'

/**
 * A `find` as the reducer strategy runs it, and as the plan prints it. Filters here only narrow what
 * the server sends (a superset of what counts); the reducers apply the exact semantics again, so a
 * server that matches arrays or numbers a little differently cannot change an answer.
 */
export interface FindSpec {
  collection: 'events' | 'sessions' | 'users'
  filter: Document
  projection?: Document
  sort?: Document
  /** The recommended index this find is meant to use. */
  index?: string
}

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
    projection: { _id: 1, name: 1, email: 1, lastActiveAt: 1 }
  }
}

export function customerSessionsFind(userId: DocumentId): FindSpec {
  return {
    collection: 'sessions',
    filter: { userId },
    sort: { startTime: -1, _id: -1 },
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

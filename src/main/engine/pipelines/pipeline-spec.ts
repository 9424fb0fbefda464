import type { QueryPlanStep } from '../../../shared/journeys/results'

/** One aggregation stage, e.g. `{ $match: {...} }`. */
export type Stage = Record<string, unknown>

/** An aggregation expression: a field path, a literal, an operator object or an array of them. */
export type Expr = unknown

/**
 * An `aggregate` call as the engine should run it. It is a `QueryPlanStep`, so it can go into a
 * result's plan as it is. `allowDiskUse` must be passed to the driver: the sorts and groups of
 * funnels, flows and overviews can outgrow the 100 MB in-memory limit on large collections.
 */
export interface AggregateSpec extends QueryPlanStep {
  operation: 'aggregate'
  pipeline: Stage[]
  allowDiskUse: boolean
}

/** A `countDocuments` call. */
export interface CountSpec extends QueryPlanStep {
  operation: 'countDocuments'
  filter: Record<string, unknown>
}

/** A `find` call. */
export interface FindSpec extends QueryPlanStep {
  operation: 'find'
  filter: Record<string, unknown>
  limit?: number
}

/**
 * Per-user (funnels) and per-session (flows) arrays built with `$push` are cut to this many events,
 * so a crawler with millions of events cannot hit the 100 MB `$push` limit or the 16 MB document
 * limit. A capped user is evaluated on their first events only; the rows report how many were cut
 * and the engine must put that count into the plan's notes.
 */
export const DEFAULT_MAX_EVENTS_PER_ARRAY = 50_000

/** Options shared by the builders that push per-user or per-session arrays. */
export interface ArrayCapOptions extends SessionDeviceOptions {
  /** Defaults to `DEFAULT_MAX_EVENTS_PER_ARRAY`. */
  maxEventsPerArray?: number
}

/** Where the builders read a session's device (`deviceInfo`). */
export interface SessionDeviceOptions {
  /**
   * The field of each event that holds its session's device, for a source read through a field
   * mapping without a sessions collection (the mapping prefix writes it). Absent: a `$lookup` of
   * the session in the `sessions` collection (a mapped one through `readThroughMapping`), and the
   * pipelines are the seed schema's exactly.
   */
  sessionDeviceField?: string
}

export const COLLECTIONS = { users: 'users', sessions: 'sessions', events: 'events' } as const

/**
 * The recommended indexes (src/main/data/recommended-indexes.ts) a pipeline expects to use, by
 * their default names; a spec's `index` lets the engine say what a missing one costs.
 */
export const INDEXES = {
  eventsByUser: 'userId_1_timestamp_1__id_1',
  eventsBySession: 'sessionId_1_timestamp_1__id_1',
  eventsByType: 'eventType_1_timestamp_1',
  sessionsByUser: 'userId_1_startTime_-1'
} as const

export function aggregateOn(collection: string, pipeline: Stage[], index?: string): AggregateSpec {
  const spec: AggregateSpec = { collection, operation: 'aggregate', pipeline, allowDiskUse: true }
  if (index !== undefined) spec.index = index
  return spec
}

export function capOf(options: ArrayCapOptions | undefined): number {
  const cap = options?.maxEventsPerArray ?? DEFAULT_MAX_EVENTS_PER_ARRAY
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError('maxEventsPerArray must be >= 1')
  return cap
}

import { EVENT_TYPES } from '../../../shared/journeys/documents'
import type { DateRange, Segment } from '../../../shared/journeys/query-schemas'
import { isString, literal } from './expressions'
import { COLLECTIONS, type Expr, type SessionDeviceOptions, type Stage } from './pipeline-spec'

/** What the scope stages need of a query. */
export interface ScopeLike {
  range: DateRange
  segment: Segment
}

export interface ScopeMatchOptions extends SessionDeviceOptions {
  /** Moves `to` later by this many ms (funnels: later steps may complete up to `to + window`). */
  extendToMs?: number
  /** More conditions for the first `$match` (event types, a user id), merged with `$and`. */
  extraMatch?: Record<string, unknown>
}

/** The field the device lookup writes; removed again after the device `$match`. */
export const SESSION_LOOKUP_FIELD = '_session'

/**
 * `$lookup` of the `deviceInfo` of the session whose `_id` is `localField`, into `as` (an array of
 * at most one `{ deviceInfo }`). The concise form (localField + foreignField + pipeline, 5.0+) runs
 * an `_id` index lookup per document and projects only `deviceInfo`.
 */
export function lookupSessionDevice(localField: string, as: string): Stage {
  return {
    $lookup: {
      from: COLLECTIONS.sessions,
      localField,
      foreignField: '_id',
      pipeline: [{ $project: { _id: 0, deviceInfo: 1 } }],
      as
    }
  }
}

/**
 * The session's device into `as` (an array of at most one `{ deviceInfo }`): looked up by the
 * session id in `sessionField`, or, with `sessionDeviceField`, taken from `deviceField` of the
 * document itself (a mapped source's events carry their session's device).
 */
export function sessionDeviceInto(
  as: string,
  sessionField: string,
  deviceField: string,
  options: SessionDeviceOptions
): Stage {
  if (options.sessionDeviceField === undefined) return lookupSessionDevice(sessionField, as)
  return { $set: { [as]: [{ deviceInfo: `$${deviceField}` }] } }
}

/**
 * The `deviceInfo.<key>` value of the session in a looked-up array (missing when there is none).
 * The session is taken out first: a path through the array itself would flatten an array value.
 */
function sessionDeviceValue(lookupArray: string, key: 'browser' | 'os'): Expr {
  return {
    $let: { vars: { session: { $first: `$${lookupArray}` } }, in: `$$session.deviceInfo.${key}` }
  }
}

/**
 * A device value (`browser` or `os`) of a looked-up session array, or `fallback` (`(unknown)`) when
 * the session is missing or the value is not a string (docs/query-semantics.md).
 */
export function deviceValueOr(lookupArray: string, key: 'browser' | 'os', fallback: string): Expr {
  return {
    $let: {
      vars: { value: sessionDeviceValue(lookupArray, key) },
      in: { $cond: [isString('$$value'), '$$value', fallback] }
    }
  }
}

/** The `$match` filter for the time range and `metadataEquals` of a scope. */
export function scopeFilter(
  scope: ScopeLike,
  options: ScopeMatchOptions = {}
): Record<string, unknown> {
  const conditions: Record<string, unknown>[] = []
  const { from, to } = scope.range
  const time: Record<string, Date> = {}
  if (from) time.$gte = from
  if (to) time.$lt = new Date(to.getTime() + (options.extendToMs ?? 0))
  if (from || to) conditions.push({ timestamp: time })
  if (options.extraMatch) conditions.push(options.extraMatch)
  const pairs = scope.segment.metadataEquals ?? []
  for (const { key, value } of pairs) conditions.push({ [`metadata.${key}`]: { $eq: value } })
  if (pairs.length > 0) {
    // `$eq` in a query also matches an array holding the value; the spec wants the whole value.
    const exact = pairs.map(({ key, value }) => ({ $eq: [`$metadata.${key}`, literal(value)] }))
    conditions.push({ $expr: exact.length === 1 ? exact[0] : { $and: exact } })
  }
  if (conditions.length === 0) return {}
  if (conditions.length === 1) return conditions[0] as Record<string, unknown>
  return { $and: conditions }
}

/**
 * Page views whose `metadata.pageUrl` is a string. In a query, `$type: 'string'` also matches an
 * array holding a string, so `$expr` checks the value itself (the reducers skip such views).
 */
export function pageViewFilter(): Record<string, unknown> {
  return {
    eventType: EVENT_TYPES.pageView,
    'metadata.pageUrl': { $type: 'string' },
    $expr: isString('$metadata.pageUrl')
  }
}

/** The session's device value is a string among `values`. */
function deviceValueIn(key: 'browser' | 'os', values: readonly string[]): Expr {
  return {
    $let: {
      vars: { value: sessionDeviceValue(SESSION_LOOKUP_FIELD, key) },
      in: { $and: [isString('$$value'), { $in: ['$$value', literal(values)] }] }
    }
  }
}

/** Whether the scope needs the session's `deviceInfo`. */
export function needsDevice(scope: ScopeLike): boolean {
  return scope.segment.browsers !== undefined || scope.segment.operatingSystems !== undefined
}

/**
 * The stages that keep the in-scope events of a scope: one `$match` on time range, metadata pairs
 * and `extraMatch`, then, only when the segment filters on browser or OS, a `$lookup` of the
 * session's `deviceInfo` and a `$match` on it (an event whose session is missing fails). A funnel
 * breakdown does not need it per event: the funnel looks up one session per user, after the reduce.
 */
export function buildScopeMatch(scope: ScopeLike, options: ScopeMatchOptions = {}): Stage[] {
  const stages: Stage[] = [{ $match: scopeFilter(scope, options) }]
  if (!needsDevice(scope)) return stages
  // The whole value must be a listed string: `$in` in a query would also accept an array.
  const { browsers, operatingSystems } = scope.segment
  const tests: Expr[] = []
  if (browsers) tests.push(deviceValueIn('browser', browsers))
  if (operatingSystems) tests.push(deviceValueIn('os', operatingSystems))
  const device = { $expr: tests.length === 1 ? tests[0] : { $and: tests } }
  stages.push(
    sessionDeviceInto(
      SESSION_LOOKUP_FIELD,
      'sessionId',
      options.sessionDeviceField ?? 'sessionId',
      options
    ),
    { $match: device },
    { $unset: SESSION_LOOKUP_FIELD }
  )
  return stages
}

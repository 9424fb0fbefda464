import type { FunnelQuery, FunnelUsersQuery } from '../../../shared/journeys/query-schemas'
import { timeToConvertBucketMs } from '../../../shared/journeys/time-to-convert'
import { UNKNOWN_DEVICE } from '../rules/device-values'
import type { EngineQuery } from '../rules/engine-query'
import { at, literal } from './expressions'
import { userFunnelOutcomeExpr } from './funnel-chains'
import { anyStepFilter, stepMaskExpr } from './funnel-step-mask'
import {
  aggregateOn,
  capOf,
  COLLECTIONS,
  INDEXES,
  type AggregateSpec,
  type ArrayCapOptions,
  type Expr,
  type Stage
} from './pipeline-spec'
import { buildScopeMatch, deviceValueOr, sessionDeviceInto } from './scope-match'
import { userContactLookupStages } from './user-contact-lookup'

type FunnelShape = EngineQuery<FunnelQuery>

/**
 * Stages that turn the events into one document per user who has considered events:
 * `{ _id: userId, capped, f, ts, s }` (furthest step, times of steps 1..f, entry session).
 *
 * - `$match` keeps the considered events (scope with `to + window`; for `ordered` and `any` only
 *   events matching a step, for `strict` every event, since a non-matching event breaks a chain).
 * - `$setWindowFields` numbers each user's events in event order (it sorts by
 *   `{ userId, timestamp, _id }`, which the recommended index of that key can serve) and the
 *   `$match` after it drops all but the first `cap + 1`, so `$push` stays bounded.
 * - `$group` pushes `{ t, m, s }` in that order; `m` is the step mask (see funnel-step-mask.ts).
 * - The `$reduce` of funnel-chains.ts walks the array once.
 */
export function userOutcomeStages(
  query: FunnelShape,
  options: ArrayCapOptions & { withSession?: boolean } = {}
): Stage[] {
  const cap = capOf(options)
  const windowMs = query.windowSeconds * 1000
  const deviceField = options.sessionDeviceField
  const stages = buildScopeMatch(query, {
    ...(deviceField === undefined ? {} : { sessionDeviceField: deviceField }),
    extendToMs: windowMs,
    ...(query.mode === 'strict' ? {} : { extraMatch: anyStepFilter(query.steps) })
  })
  const pushed: Record<string, unknown> = {
    t: '$timestamp',
    m: stepMaskExpr(query.steps, query.range.to)
  }
  // `s` is only read for the breakdown: the entry's session id, or its device when events carry it.
  if (options.withSession) pushed.s = `$${deviceField ?? 'sessionId'}`
  stages.push(
    {
      $setWindowFields: {
        partitionBy: '$userId',
        sortBy: { timestamp: 1, _id: 1 },
        output: { _n: { $documentNumber: {} } }
      }
    },
    { $match: { _n: { $lte: cap + 1 } } },
    { $group: { _id: '$userId', ev: { $push: pushed }, n: { $sum: 1 } } },
    { $set: { capped: { $gt: ['$n', cap] }, ev: { $slice: ['$ev', cap] } } },
    {
      $project: {
        capped: 1,
        o: userFunnelOutcomeExpr(query.mode, query.steps.length, windowMs)
      }
    },
    { $project: { capped: 1, f: '$o.f', ts: '$o.ts', s: '$o.s' } }
  )
  return stages
}

/**
 * The funnel as rows `{ _id: { g, k, d }, n }`: n users of breakdown group g (null without a
 * breakdown) reached step k (k >= 1) with d ms from step k-1 (null for k = 1). Rows with k = 0
 * count the users whose events were capped. Step counts and exact medians come from these rows in
 * `funnelResultFromRows` (funnel-rows.ts); no document ever holds more than one user's data, and
 * the row count is bounded by the distinct (group, step, delay) triples.
 */
export function buildFunnelPipeline(
  query: FunnelShape,
  options: ArrayCapOptions = {}
): AggregateSpec {
  const breakdown = query.breakdown
  const stages = userOutcomeStages(query, { ...options, withSession: breakdown !== undefined })
  stages.push({ $match: { $or: [{ f: { $gte: 1 } }, { capped: true }] } })
  if (breakdown) {
    // One lookup per user, of the entry event's session, instead of one per event.
    stages.push(sessionDeviceInto('_session', 's', 's', options))
  }
  const items = {
    $concatArrays: [
      { $cond: ['$capped', [{ k: literal(0), d: literal(null) }], []] },
      {
        $map: {
          input: { $range: [1, { $add: ['$f', 1] }] },
          as: 'k',
          in: {
            k: '$$k',
            d: {
              $cond: [
                { $eq: ['$$k', 1] },
                null,
                {
                  $subtract: [
                    at('$ts', { $subtract: ['$$k', 1] }),
                    at('$ts', { $subtract: ['$$k', 2] })
                  ]
                }
              ]
            }
          }
        }
      }
    ]
  }
  stages.push(
    {
      $project: {
        _id: 0,
        g: breakdown
          ? deviceValueOr('_session', breakdown === 'os' ? 'os' : 'browser', UNKNOWN_DEVICE)
          : literal(null),
        items
      }
    },
    { $unwind: '$items' },
    { $group: { _id: { g: '$g', k: '$items.k', d: '$items.d' }, n: { $sum: 1 } } },
    { $sort: { '_id.g': 1, '_id.k': 1, '_id.d': 1 } }
  )
  return aggregateOn(COLLECTIONS.events, stages, INDEXES.eventsByUser)
}

/**
 * Whether a per-user outcome `{ f }` is selected: `reached` is f >= step, `dropped` is f = step - 1
 * (nobody drops at step 1: f = -1 never holds). The reducers' `selectsFunnelUser` in one expression.
 */
export function funnelUserSelectionExpr(query: Pick<FunnelUsersQuery, 'step' | 'outcome'>): Expr {
  const { step, outcome } = query
  return outcome === 'reached' ? { $gte: ['$f', step] } : { $eq: ['$f', step >= 2 ? step - 1 : -1] }
}

export type FunnelUsersFilter = Pick<
  FunnelUsersQuery,
  'step' | 'outcome' | 'breakdown' | 'breakdownValue' | 'timeToConvertBucket'
>

/**
 * Stages after `userOutcomeStages` (with the entry session) that add what the group and bucket
 * filters read: `g`, the breakdown key of the entry session, and `d`, the ms from step - 1 to step.
 */
export function funnelUserDetailStages(
  query: FunnelUsersFilter,
  options: ArrayCapOptions
): Stage[] {
  const stages: Stage[] = []
  if (query.breakdownValue !== undefined) {
    stages.push(sessionDeviceInto('_session', 's', 's', options), {
      $set: {
        g: deviceValueOr('_session', query.breakdown === 'os' ? 'os' : 'browser', UNKNOWN_DEVICE)
      }
    })
  }
  if (query.timeToConvertBucket !== undefined && query.step >= 2) {
    stages.push({
      $set: { d: { $subtract: [at('$ts', query.step - 1), at('$ts', query.step - 2)] } }
    })
  }
  return stages
}

/**
 * `funnelUserSelectionExpr`, and the group (`g` equals the value) and the bucket (`d` within its
 * whole-millisecond bounds, `timeToConvertBucketMs`): the reducers' `selectsFunnelUserOutcome`.
 */
export function funnelUsersFilterExpr(query: FunnelUsersFilter): Expr {
  const conditions: Expr[] = [funnelUserSelectionExpr(query)]
  if (query.breakdownValue !== undefined) {
    conditions.push({ $eq: ['$g', literal(query.breakdownValue)] })
  }
  if (query.timeToConvertBucket !== undefined) {
    const { fromMs, toMs } = timeToConvertBucketMs(query.timeToConvertBucket)
    conditions.push({ $gte: ['$d', fromMs] })
    if (toMs !== null) conditions.push({ $lt: ['$d', toMs] })
  }
  return conditions.length === 1 ? conditions[0] : { $and: conditions }
}

/** Two aggregations over the same per-user outcomes: one page of user ids, and the counts. */
export interface FunnelUsersPipelines {
  /**
   * Rows `{ _id: userId, n, e }` (the user's name and email), sorted by user id (BSON order),
   * skipped and limited.
   */
  page: AggregateSpec
  /** One row `{ total, capped }` (no row when no user has considered events). */
  count: AggregateSpec
}

/**
 * The users who reached (furthest >= step) or dropped at (furthest = step - 1) a step. `$facet` is
 * avoided (its single output document and uneven support), so the engine runs two pipelines; it
 * may run them in parallel.
 */
export function buildFunnelUsersPipelines(
  query: EngineQuery<FunnelUsersQuery>,
  options: ArrayCapOptions = {}
): FunnelUsersPipelines {
  const { page } = query
  const selected = funnelUsersFilterExpr(query)
  const outcomeOptions = { ...options, withSession: query.breakdownValue !== undefined }
  const pageStages = userOutcomeStages(query, outcomeOptions)
  pageStages.push(
    ...funnelUserDetailStages(query, options),
    { $match: { $expr: selected } },
    { $sort: { _id: 1 } }
  )
  if (page.offset > 0) pageStages.push({ $skip: page.offset })
  pageStages.push({ $limit: page.limit }, ...userContactLookupStages())
  const countStages = userOutcomeStages(query, outcomeOptions)
  countStages.push(...funnelUserDetailStages(query, options), {
    $group: {
      _id: null,
      total: { $sum: { $cond: [selected, 1, 0] } },
      capped: { $sum: { $cond: ['$capped', 1, 0] } }
    }
  })
  return {
    page: aggregateOn(COLLECTIONS.events, pageStages, INDEXES.eventsByUser),
    count: aggregateOn(COLLECTIONS.events, countStages, INDEXES.eventsByUser)
  }
}

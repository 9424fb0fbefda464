import type { FunnelUsersQuery } from '../../../shared/journeys/query-schemas'
import type { EngineQuery } from '../rules/engine-query'
import { funnelUserDetailStages, funnelUsersFilterExpr, userOutcomeStages } from './funnel'
import {
  aggregateOn,
  COLLECTIONS,
  INDEXES,
  type AggregateSpec,
  type ArrayCapOptions
} from './pipeline-spec'

/** A row of `buildFunnelUserRowsPipeline`. */
export interface FunnelUserPipelineRow {
  _id: unknown
  /** Furthest step. */
  f: number
  /** Times of steps 1..f (dates). */
  ts: unknown[]
  /** Session of the entry event. */
  s: unknown
  /** The user's events were cut at the array cap. */
  capped: boolean
}

/**
 * Every user a funnel-users query selects, with their furthest step, step times and entry session,
 * sorted by user id: the export's pipeline. The same per-user outcomes, group and bucket filters as
 * the funnel's paged users (`buildFunnelUsersPipelines`), without `$skip`/`$limit`, read as a cursor.
 */
export function buildFunnelUserRowsPipeline(
  query: EngineQuery<Omit<FunnelUsersQuery, 'page'>>,
  options: ArrayCapOptions = {}
): AggregateSpec {
  const stages = userOutcomeStages(query, { ...options, withSession: true })
  stages.push(
    ...funnelUserDetailStages(query, options),
    { $match: { $expr: funnelUsersFilterExpr(query) } },
    { $sort: { _id: 1 } },
    { $project: { _id: 1, f: 1, ts: 1, s: 1, capped: 1 } }
  )
  return aggregateOn(COLLECTIONS.events, stages, INDEXES.eventsByUser)
}

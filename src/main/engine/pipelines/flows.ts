import type { FlowQuery, FlowUsersQuery } from '../../../shared/journeys/query-schemas'
import type { EngineQuery } from '../rules/engine-query'
import { FLOW_ENTRY, FLOW_EXIT, FLOW_OTHER } from '../rules/flow-order'
import { at, literal, withoutConsecutiveRepeats } from './expressions'
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
import { buildScopeMatch, pageViewFilter } from './scope-match'
import { userContactLookupStages } from './user-contact-lookup'

type FlowShape = EngineQuery<FlowQuery>

/**
 * Flows run in two aggregations, because the top N of each step must be known before `(other)`
 * nodes and edges can be counted with exact distinct users:
 *
 * 1. `buildFlowRankingPipeline`: sessions per (step, page), ranked per step; only the top N rows
 *    per step come back (plus step 0, which carries the flow's session count).
 * 2. `buildFlowGraphPipeline(query, topPages)`: the same paths with every page outside its step's
 *    top N renamed `(other)`, then nodes and edges grouped twice, by (key, user) and by key, so users
 *    are distinct even where several pages merged into `(other)`.
 *
 * Both start with the same stages: the session's in-scope page views in event order (numbered by
 * `$setWindowFields` and capped), consecutive repeats merged, cut at the first view of the page.
 */
function flowPathStages(query: FlowShape, options: ArrayCapOptions): Stage[] {
  const cap = capOf(options)
  const { page, depth, direction } = query
  const stages = buildScopeMatch(query, {
    ...(options.sessionDeviceField === undefined
      ? {}
      : { sessionDeviceField: options.sessionDeviceField }),
    extraMatch: pageViewFilter()
  })
  stages.push(
    {
      $setWindowFields: {
        partitionBy: '$sessionId',
        sortBy: { timestamp: 1, _id: 1 },
        output: { _n: { $documentNumber: {} } }
      }
    },
    { $match: { _n: { $lte: cap + 1 } } },
    {
      $group: {
        _id: '$sessionId',
        // A session's user is that of its first page view in event order.
        u: { $first: '$userId' },
        p: { $push: '$metadata.pageUrl' },
        n: { $sum: 1 }
      }
    },
    { $set: { capped: { $gt: ['$n', cap] }, p: { $slice: ['$p', cap] } } },
    // Merging repeats with $filter over indexes is O(n); a $reduce appending to an array is O(n²).
    {
      $set: {
        p: withoutConsecutiveRepeats('$p')
      }
    },
    { $set: { i: { $indexOfArray: ['$p', literal(page)] } } },
    { $set: { path: { $cond: [{ $lt: ['$i', 0] }, [], flowPathExpr(direction, depth)] } } },
    { $project: { u: 1, capped: 1, path: 1 } }
  )
  return stages
}

/** The pages at steps 0..depth from the first view `$i` of the page in the merged views `$p`. */
function flowPathExpr(direction: FlowShape['direction'], depth: number): Expr {
  if (direction === 'from') {
    return {
      $concatArrays: [
        { $slice: ['$p', '$i', depth + 1] },
        { $cond: [{ $lt: [{ $subtract: [{ $size: '$p' }, '$i'] }, depth + 1] }, [FLOW_EXIT], []] }
      ]
    }
  }
  const start = { $max: [0, { $subtract: ['$i', depth] }] }
  return {
    $concatArrays: [
      {
        $reverseArray: {
          $slice: ['$p', start, { $add: [{ $subtract: ['$i', start] }, 1] }]
        }
      },
      { $cond: [{ $lt: ['$i', depth] }, [FLOW_ENTRY], []] }
    ]
  }
}

/**
 * Sessions per (step, page) for the top N pages of each step (ties by page in byte order, as the
 * reducers sort), plus the step-0 row (the flow's sessions) and a `{ step: null }` row counting the
 * capped sessions that are not in the flow. `(exit)`/`(entry)` are never ranked.
 */
export function buildFlowRankingPipeline(
  query: FlowShape,
  options: ArrayCapOptions = {}
): AggregateSpec {
  const stages = flowPathStages(query, options)
  stages.push(
    // Sessions outside the flow only matter when capped (their count goes into the notes).
    { $match: { $or: [{ 'path.0': { $exists: true } }, { capped: true }] } },
    { $unwind: { path: '$path', includeArrayIndex: 'step', preserveNullAndEmptyArrays: true } },
    { $match: { path: { $nin: [FLOW_EXIT, FLOW_ENTRY] } } },
    {
      $group: {
        _id: { step: '$step', page: '$path' },
        sessions: { $sum: 1 },
        capped: { $sum: { $cond: ['$capped', 1, 0] } }
      }
    },
    {
      $setWindowFields: {
        partitionBy: '$_id.step',
        sortBy: { sessions: -1, '_id.page': 1 },
        output: { rank: { $documentNumber: {} } }
      }
    },
    { $match: { rank: { $lte: query.topN } } },
    { $project: { rank: 0 } }
  )
  return aggregateOn(COLLECTIONS.events, stages, INDEXES.eventsBySession)
}

/**
 * The sessions in the flow with `shown`: their path with every page outside its step's kept pages
 * renamed `(other)` (step 0, `(exit)` and `(entry)` keep their names). Each document is one
 * session: `{ _id: sessionId, u, capped, path, shown }`.
 */
function shownPathStages(
  query: FlowShape,
  keptPages: readonly (readonly string[])[],
  options: ArrayCapOptions
): Stage[] {
  const stages = flowPathStages(query, options)
  const shown = {
    $map: {
      input: { $range: [0, { $size: '$path' }] },
      as: 'j',
      in: {
        $let: {
          vars: { page: at('$path', '$$j') },
          in: {
            $cond: [
              {
                $or: [
                  { $eq: ['$$j', 0] },
                  { $in: ['$$page', [FLOW_EXIT, FLOW_ENTRY]] },
                  { $in: ['$$page', { $ifNull: [at(literal(keptPages), '$$j'), []] }] }
                ]
              },
              '$$page',
              FLOW_OTHER
            ]
          }
        }
      }
    }
  }
  stages.push({ $match: { 'path.0': { $exists: true } } }, { $set: { shown } })
  return stages
}

/**
 * Nodes and edges with exact distinct sessions and users, as rows
 * `{ _id: { k: 'n' | 'e', j, a, b }, sessions, users }`: a node is page `a` at step j; an edge
 * joins page `a` at step j-1 to page `b` at step j (in walking order; `flowResultFromRows`
 * turns `to` edges forward in time).
 */
export function buildFlowGraphPipeline(
  query: FlowShape,
  ranking: { keptPages: readonly (readonly string[])[] },
  options: ArrayCapOptions = {}
): AggregateSpec {
  const stages = shownPathStages(query, ranking.keptPages, options)
  const items = {
    $map: {
      input: { $range: [0, { $size: '$shown' }] },
      as: 'j',
      in: {
        n: { j: '$$j', a: at('$shown', '$$j') },
        e: {
          $cond: [
            { $eq: ['$$j', 0] },
            null,
            { j: '$$j', a: at('$shown', { $subtract: ['$$j', 1] }), b: at('$shown', '$$j') }
          ]
        }
      }
    }
  }
  stages.push(
    { $project: { u: 1, items } },
    { $unwind: '$items' },
    {
      $project: {
        u: 1,
        keys: {
          $concatArrays: [
            [{ k: 'n', j: '$items.n.j', a: '$items.n.a', b: null }],
            {
              $cond: [
                { $eq: ['$items.e', null] },
                [],
                [{ k: 'e', j: '$items.e.j', a: '$items.e.a', b: '$items.e.b' }]
              ]
            }
          ]
        }
      }
    },
    { $unwind: '$keys' },
    // One session adds a node or an edge at most once, so counting sessions is a plain count.
    { $group: { _id: { key: '$keys', u: '$u' }, sessions: { $sum: 1 } } },
    { $group: { _id: '$_id.key', sessions: { $sum: '$sessions' }, users: { $sum: 1 } } }
  )
  return aggregateOn(COLLECTIONS.events, stages, INDEXES.eventsBySession)
}

/** Two aggregations over the sessions at a node or edge: one page of users, and the counts. */
export interface FlowUsersPipelines {
  /**
   * Rows `{ _id: userId, s: [sessionId, ...], n, e }` (the user's name and email), users in BSON
   * order, skipped and limited.
   */
  page: AggregateSpec
  /** One row `{ users, sessions }` (no row when no session is there). */
  count: AggregateSpec
}

/**
 * The users behind a node (one position) or an edge (two) of the flow shown with these kept pages
 * (the ranking's, cut to the budget's number): the sessions whose shown path has each position's
 * name at its step, grouped by their user (a session's user is that of its first page view).
 */
export function buildFlowUsersPipelines(
  query: EngineQuery<FlowUsersQuery>,
  keptPages: readonly (readonly string[])[],
  positions: readonly { step: number; name: string }[],
  options: ArrayCapOptions = {}
): FlowUsersPipelines {
  const atPositions = positions.map(({ step, name }) => ({
    $eq: [at('$shown', step), literal(name)]
  }))
  const selected = (): Stage[] => [
    ...shownPathStages(query, keptPages, options),
    { $match: { $expr: atPositions.length === 1 ? atPositions[0] : { $and: atPositions } } }
  ]
  const { offset, limit } = query.users
  const page = [
    ...selected(),
    // $push keeps the order of a preceding $sort: each user's sessions come in id order.
    { $sort: { u: 1, _id: 1 } },
    { $group: { _id: '$u', s: { $push: '$_id' } } },
    { $sort: { _id: 1 } },
    ...(offset > 0 ? [{ $skip: offset }] : []),
    { $limit: limit },
    ...userContactLookupStages({ s: 1 })
  ]
  const count = [
    ...selected(),
    { $group: { _id: '$u', n: { $sum: 1 } } },
    { $group: { _id: null, users: { $sum: 1 }, sessions: { $sum: '$n' } } }
  ]
  return {
    page: aggregateOn(COLLECTIONS.events, page, INDEXES.eventsBySession),
    count: aggregateOn(COLLECTIONS.events, count, INDEXES.eventsBySession)
  }
}

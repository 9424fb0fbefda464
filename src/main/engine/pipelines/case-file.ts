import { EVENT_TYPES, type DocumentId, type UserDocument } from '../../../shared/journeys/documents'
import type { CustomerCaseFileQuery } from '../../../shared/journeys/query-schemas'
import type {
  CustomerCaseFile,
  CustomerTotals,
  JourneyGraph,
  SessionWithEvents
} from '../../../shared/journeys/results'
import type { EngineQuery } from '../rules/engine-query'
import { compareUtf8 } from '../rules/compare-ids'
import { FLOW_ENTRY, FLOW_EXIT } from '../rules/flow-order'
import {
  journeyGraphWithinBudget,
  type JourneyPageStats,
  type JourneyTransition
} from '../rules/journey-graph-budget'
import { NO_CURRENCY, roundCents } from '../rules/money'
import { idCandidates } from './customer-search'
import { at, stringOr, withoutConsecutiveRepeats } from './expressions'
import { pageViewFilter } from './scope-match'
import {
  aggregateOn,
  COLLECTIONS,
  INDEXES,
  type AggregateSpec,
  type CountSpec,
  type FindSpec
} from './pipeline-spec'

/**
 * A case file takes two rounds: `buildCaseFileUserLookup` finds the user (the text may name a
 * string id and an ObjectId), then `buildCaseFilePipelines` reads everything else by the user's
 * stored `_id`, so a string id and an ObjectId spelling the same hex are never mixed.
 */
export function buildCaseFileUserLookup(query: EngineQuery<CustomerCaseFileQuery>): FindSpec {
  return {
    collection: COLLECTIONS.users,
    operation: 'find',
    filter: { _id: { $in: idCandidates(query.userId) } },
    limit: 2
  }
}

/** The user a case file is about: the string id first, else the ObjectId; null when none. */
export function pickCaseFileUser(users: Iterable<UserDocument>, text: string): UserDocument | null {
  let byObjectId: UserDocument | null = null
  for (const user of users) {
    if (user._id === text) return user
    byObjectId ??= user
  }
  return byObjectId
}

export interface CaseFilePipelines {
  /** Events of the user grouped by purchase currency (`_id` null: all other events). */
  totals: AggregateSpec
  /** The user's session documents. */
  sessionCount: CountSpec
  /** One page of sessions, newest first, each with `events` in event order. */
  sessions: AggregateSpec
  /** Journey graph rows `{ _id: { k, a, b }, n, ds, dn }` (see `caseFileFromRows`). */
  journey: AggregateSpec
}

/** The pipelines of a case file for the user with this stored `_id`. */
export function buildCaseFilePipelines(
  query: EngineQuery<CustomerCaseFileQuery>,
  userId: DocumentId
): CaseFilePipelines {
  const isType = (type: string) => ({ $eq: ['$eventType', type] })
  const { offset, limit } = query.sessions
  const totals = [
    { $match: { userId } },
    {
      $group: {
        _id: {
          $cond: [isType(EVENT_TYPES.purchase), stringOr('$metadata.currency', NO_CURRENCY), null]
        },
        pv: { $sum: { $cond: [isType(EVENT_TYPES.pageView), 1, 0] } },
        pu: { $sum: { $cond: [isType(EVENT_TYPES.purchase), 1, 0] } },
        // $sum skips non-numbers, as the reducers do.
        amount: { $sum: { $cond: [isType(EVENT_TYPES.purchase), '$metadata.amount', 0] } },
        seconds: { $sum: { $cond: [isType(EVENT_TYPES.pageView), '$metadata.duration', 0] } },
        first: { $min: '$timestamp' },
        last: { $max: '$timestamp' }
      }
    }
  ]
  const sessionsPage: Record<string, unknown>[] = [
    { $match: { userId } },
    { $sort: { startTime: -1, _id: -1 } }
  ]
  if (offset > 0) sessionsPage.push({ $skip: offset })
  sessionsPage.push(
    { $limit: limit },
    {
      $lookup: {
        from: COLLECTIONS.events,
        localField: '_id',
        foreignField: 'sessionId',
        pipeline: [{ $sort: { timestamp: 1, _id: 1 } }],
        as: 'events'
      }
    }
  )
  return {
    totals: aggregateOn(COLLECTIONS.events, totals, INDEXES.eventsByUser),
    sessionCount: {
      collection: COLLECTIONS.sessions,
      operation: 'countDocuments',
      filter: { userId }
    },
    sessions: aggregateOn(COLLECTIONS.sessions, sessionsPage, INDEXES.sessionsByUser),
    journey: aggregateOn(COLLECTIONS.sessions, journeyStages(userId), INDEXES.sessionsByUser)
  }
}

/**
 * Per session of the user: its page views (string URL) in event order; each view is a node item
 * (page, duration), the merged sequence gives edge items `(entry)` -> first -> ... -> `(exit)`,
 * and one `x` item counts the session. Then one `$group` counts them all.
 */
function journeyStages(userId: DocumentId): Record<string, unknown>[] {
  const merged = withoutConsecutiveRepeats('$p')
  const views = {
    $map: {
      input: '$v',
      as: 'view',
      in: { k: 'n', a: '$$view.p', d: { $cond: [{ $isNumber: '$$view.d' }, '$$view.d', null] } }
    }
  }
  const edges = {
    $map: {
      input: { $range: [0, { $add: [{ $size: '$m' }, 1] }] },
      as: 'i',
      in: {
        k: 'e',
        a: { $cond: [{ $eq: ['$$i', 0] }, FLOW_ENTRY, at('$m', { $subtract: ['$$i', 1] })] },
        b: { $cond: [{ $eq: ['$$i', { $size: '$m' }] }, FLOW_EXIT, at('$m', '$$i')] }
      }
    }
  }
  return [
    { $match: { userId } },
    {
      $lookup: {
        from: COLLECTIONS.events,
        localField: '_id',
        foreignField: 'sessionId',
        pipeline: [
          { $match: pageViewFilter() },
          { $sort: { timestamp: 1, _id: 1 } },
          { $project: { _id: 0, p: '$metadata.pageUrl', d: '$metadata.duration' } }
        ],
        as: 'v'
      }
    },
    { $match: { 'v.0': { $exists: true } } },
    { $project: { _id: 0, v: 1, p: '$v.p' } },
    { $set: { m: merged } },
    { $project: { items: { $concatArrays: [views, edges, [{ k: 'x' }]] } } },
    { $unwind: '$items' },
    {
      $group: {
        _id: { k: '$items.k', a: '$items.a', b: '$items.b' },
        n: { $sum: 1 },
        ds: { $sum: '$items.d' },
        dn: { $sum: { $cond: [{ $isNumber: '$items.d' }, 1, 0] } }
      }
    }
  ]
}

export interface CaseFileTotalsRow {
  _id: string | null
  pv: number
  pu: number
  amount: number
  seconds: number
  first: Date | null
  last: Date | null
}

export interface JourneyRow {
  _id: { k: 'n' | 'e' | 'x'; a?: string; b?: string }
  n: number
  ds: number
  dn: number
}

export interface CaseFileRows {
  user: UserDocument
  totals: Iterable<CaseFileTotalsRow>
  sessionsTotal: number
  sessions: Iterable<SessionWithEvents>
  journey: Iterable<JourneyRow>
  page: { offset: number; limit: number }
}

/** The case file (without plan) from the rows of the case-file pipelines. */
export function caseFileFromRows(rows: CaseFileRows): Omit<CustomerCaseFile, 'plan'> {
  return {
    user: rows.user,
    totals: totalsFromRows(rows.totals, rows.sessionsTotal),
    sessions: [...rows.sessions],
    sessionsTotal: rows.sessionsTotal,
    sessionsPage: { offset: rows.page.offset, limit: rows.page.limit },
    journey: journeyFromRows(rows.journey)
  }
}

function totalsFromRows(rows: Iterable<CaseFileTotalsRow>, sessions: number): CustomerTotals {
  let pageViews = 0
  let purchases = 0
  let secondsOnPages = 0
  let first: number | null = null
  let last: number | null = null
  const amountSpent: { currency: string; amount: number }[] = []
  for (const row of rows) {
    pageViews += row.pv
    purchases += row.pu
    secondsOnPages += row.seconds
    if (row.first instanceof Date) first = Math.min(first ?? Infinity, row.first.getTime())
    if (row.last instanceof Date) last = Math.max(last ?? -Infinity, row.last.getTime())
    if (row._id !== null) {
      amountSpent.push({ currency: row._id, amount: roundCents(row.amount) })
    }
  }
  amountSpent.sort((a, b) => compareUtf8(a.currency, b.currency))
  return {
    sessions,
    pageViews,
    purchases,
    amountSpent,
    secondsOnPages,
    firstSeen: first === null ? null : new Date(first),
    lastSeen: last === null ? null : new Date(last)
  }
}

function journeyFromRows(rows: Iterable<JourneyRow>): JourneyGraph {
  const pages: JourneyPageStats[] = []
  const transitions: JourneyTransition[] = []
  let sessionsWithViews = 0
  for (const { _id, n, ds, dn } of rows) {
    if (_id.k === 'x') sessionsWithViews += n
    else if (_id.k === 'n') {
      pages.push({ page: _id.a ?? '', views: n, durationSum: ds, durationCount: dn })
    } else transitions.push({ source: _id.a ?? '', target: _id.b ?? '', count: n })
  }
  return journeyGraphWithinBudget(pages, transitions, sessionsWithViews)
}

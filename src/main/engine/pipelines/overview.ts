import { EVENT_TYPES } from '../../../shared/journeys/documents'
import type { OverviewQuery } from '../../../shared/journeys/query-schemas'
import type { MoneyAmount, OverviewDay, OverviewResult } from '../../../shared/journeys/results'
import type { EngineQuery } from '../rules/engine-query'
import { UNKNOWN_DEVICE } from '../rules/device-values'
import { compareUtf8 } from '../rules/compare-ids'
import { NO_CURRENCY, roundCents } from '../rules/money'
import { compareDays, compareDeviceShares, compareTopPages } from '../rules/overview-order'
import { literal, stringOr } from './expressions'
import {
  aggregateOn,
  COLLECTIONS,
  INDEXES,
  type AggregateSpec,
  type SessionDeviceOptions
} from './pipeline-spec'
import { buildScopeMatch, deviceValueOr, pageViewFilter, sessionDeviceInto } from './scope-match'

type OverviewShape = EngineQuery<OverviewQuery>

export interface OverviewPipelines {
  /** Rows `{ _id: day | null, users, sessions, pv, pu }`; `_id: null` is the whole range. */
  days: AggregateSpec
  /** Rows `{ _id: { d: day | null, c: currency }, amount }`: purchase amounts per day and currency. */
  revenue: AggregateSpec
  /** Rows `{ _id: page, views, users }`, the top `topPages` by views desc, then page. */
  topPages: AggregateSpec
  /** Rows `{ _id: { k: 'b' | 'o', v: name }, sessions }`: sessions by browser and by OS. */
  devices: AggregateSpec
}

/**
 * The overview as four aggregations over the in-scope events. Distinct users and sessions are
 * counted by grouping twice (by value, then by bucket) rather than with `$addToSet`, so no document
 * ever holds a day's set of users: the first group is by (day, session, user) with the event counts;
 * each of those yields a session key and a user key for its day and for the whole range (day null).
 * The day is `$dateToString` in the query's IANA time zone; the engine must check the zone first
 * (an unknown zone fails the aggregation).
 */
export function buildOverviewPipelines(
  query: OverviewShape,
  options: SessionDeviceOptions = {}
): OverviewPipelines {
  const scope = (extraMatch?: Record<string, unknown>) =>
    buildScopeMatch(query, { ...options, ...(extraMatch ? { extraMatch } : {}) })
  const isType = (type: string) => ({ $eq: ['$eventType', type] })
  const bucket = (day: unknown, kind: 's' | 'u', withCounts: boolean) => ({
    d: day,
    k: kind,
    v: kind === 's' ? '$_id.s' : '$_id.u',
    pv: withCounts ? '$pv' : literal(0),
    pu: withCounts ? '$pu' : literal(0)
  })
  const dayOf = (date: string) => ({
    $dateToString: {
      format: '%Y-%m-%d',
      date,
      // UTC is the default; leaving it out keeps the pipeline short.
      ...(query.timeZone === 'UTC' ? {} : { timezone: query.timeZone })
    }
  })
  const days = [
    ...scope(),
    {
      $group: {
        _id: {
          d: dayOf('$timestamp'),
          s: '$sessionId',
          u: '$userId'
        },
        pv: { $sum: { $cond: [isType(EVENT_TYPES.pageView), 1, 0] } },
        pu: { $sum: { $cond: [isType(EVENT_TYPES.purchase), 1, 0] } }
      }
    },
    {
      $project: {
        _id: 0,
        keys: [
          bucket('$_id.d', 's', true),
          bucket('$_id.d', 'u', false),
          bucket(literal(null), 's', true),
          bucket(literal(null), 'u', false)
        ]
      }
    },
    { $unwind: '$keys' },
    {
      $group: {
        _id: { d: '$keys.d', k: '$keys.k', v: '$keys.v' },
        pv: { $sum: '$keys.pv' },
        pu: { $sum: '$keys.pu' }
      }
    },
    {
      $group: {
        _id: '$_id.d',
        users: { $sum: { $cond: [{ $eq: ['$_id.k', 'u'] }, 1, 0] } },
        sessions: { $sum: { $cond: [{ $eq: ['$_id.k', 's'] }, 1, 0] } },
        pv: { $sum: '$pv' },
        pu: { $sum: '$pu' }
      }
    },
    { $sort: { _id: 1 } }
  ]
  // Purchases only, so the `{ eventType, timestamp }` index serves the match. Every purchase makes
  // its currency's row (a non-string currency is `(none)`); only numeric amounts add to it.
  const revenue = [
    ...scope({ eventType: EVENT_TYPES.purchase }),
    {
      $group: {
        _id: { d: dayOf('$timestamp'), c: stringOr('$metadata.currency', NO_CURRENCY) },
        amount: {
          $sum: { $cond: [{ $isNumber: '$metadata.amount' }, '$metadata.amount', literal(0)] }
        }
      }
    },
    {
      $project: {
        _id: 0,
        keys: [
          { d: '$_id.d', c: '$_id.c', a: '$amount' },
          { d: literal(null), c: '$_id.c', a: '$amount' }
        ]
      }
    },
    { $unwind: '$keys' },
    { $group: { _id: { d: '$keys.d', c: '$keys.c' }, amount: { $sum: '$keys.a' } } }
  ]
  const topPages = [
    ...scope(pageViewFilter()),
    { $group: { _id: { p: '$metadata.pageUrl', u: '$userId' }, n: { $sum: 1 } } },
    { $group: { _id: '$_id.p', views: { $sum: '$n' }, users: { $sum: 1 } } },
    { $sort: { views: -1, _id: 1 } },
    { $limit: query.topPages }
  ]
  const deviceField = options.sessionDeviceField
  const devices = [
    ...scope(),
    // Events that carry their session's device keep it through the group (one value per session).
    {
      $group:
        deviceField === undefined
          ? { _id: '$sessionId' }
          : { _id: '$sessionId', d: { $first: `$${deviceField}` } }
    },
    sessionDeviceInto('_session', '_id', 'd', options),
    {
      $project: {
        _id: 0,
        keys: [
          { k: 'b', v: deviceValueOr('_session', 'browser', UNKNOWN_DEVICE) },
          { k: 'o', v: deviceValueOr('_session', 'os', UNKNOWN_DEVICE) }
        ]
      }
    },
    { $unwind: '$keys' },
    { $group: { _id: { k: '$keys.k', v: '$keys.v' }, sessions: { $sum: 1 } } }
  ]
  return {
    days: aggregateOn(COLLECTIONS.events, days),
    revenue: aggregateOn(COLLECTIONS.events, revenue, INDEXES.eventsByType),
    topPages: aggregateOn(COLLECTIONS.events, topPages, INDEXES.eventsByType),
    devices: aggregateOn(COLLECTIONS.events, devices)
  }
}

export interface OverviewDayRow {
  _id: string | null
  users: number
  sessions: number
  pv: number
  pu: number
}

export interface OverviewRevenueRow {
  _id: { d: string | null; c: string }
  amount: number
}

export interface OverviewRows {
  days: Iterable<OverviewDayRow>
  revenue: Iterable<OverviewRevenueRow>
  topPages: Iterable<{ _id: string; views: number; users: number }>
  devices: Iterable<{ _id: { k: 'b' | 'o'; v: string }; sessions: number }>
}

/** The overview result (without plan) from the rows of the four pipelines. */
export function overviewFromRows(
  query: Pick<OverviewQuery, 'topPages'>,
  rows: OverviewRows
): Omit<OverviewResult, 'plan'> {
  const revenue = new Map<string | null, MoneyAmount[]>()
  for (const row of rows.revenue) {
    const list = revenue.get(row._id.d) ?? []
    list.push({ currency: row._id.c, amount: roundCents(row.amount) })
    revenue.set(row._id.d, list)
  }
  for (const list of revenue.values()) list.sort((a, b) => compareUtf8(a.currency, b.currency))
  const summary = (row: OverviewDayRow): Omit<OverviewDay, 'day'> => ({
    users: row.users,
    sessions: row.sessions,
    pageViews: row.pv,
    purchases: row.pu,
    revenueByCurrency: revenue.get(row._id) ?? []
  })
  let totals: Omit<OverviewDay, 'day'> = {
    users: 0,
    sessions: 0,
    pageViews: 0,
    purchases: 0,
    revenueByCurrency: []
  }
  const days: OverviewDay[] = []
  for (const row of rows.days) {
    if (row._id === null) totals = summary(row)
    else days.push({ day: row._id, ...summary(row) })
  }
  days.sort((a, b) => compareDays(a.day, b.day))
  const topPages = [...rows.topPages]
    .map((row) => ({ page: row._id, views: row.views, users: row.users }))
    .sort(compareTopPages)
    .slice(0, query.topPages)
  const browsers: { name: string; sessions: number }[] = []
  const operatingSystems: { name: string; sessions: number }[] = []
  for (const row of rows.devices) {
    ;(row._id.k === 'b' ? browsers : operatingSystems).push({
      name: row._id.v,
      sessions: row.sessions
    })
  }
  return {
    days,
    topPages,
    browsers: shares(browsers),
    operatingSystems: shares(operatingSystems),
    totals
  }
}

function shares(
  counts: { name: string; sessions: number }[]
): { name: string; sessions: number; share: number }[] {
  const total = counts.reduce((sum, c) => sum + c.sessions, 0)
  return counts
    .map((c) => ({ ...c, share: total === 0 ? 0 : c.sessions / total }))
    .sort(compareDeviceShares)
}

import { EVENT_TYPES } from '../../../shared/journeys/documents'
import type { OverviewQuery } from '../../../shared/journeys/query-schemas'
import type { OverviewDay, OverviewResult } from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import { DayKeys } from '../reducers/day-key'
import { deviceKeyOf } from '../rules/device-values'
import type { EngineQuery } from '../rules/engine-query'
import { currencyOf, MoneyByCurrency } from '../rules/money'
import { compareDays, compareDeviceShares, compareTopPages } from '../rules/overview-order'
import type { LocalDataset } from './local-dataset'
import { compileLocalScope } from './local-scope'
import { WorkTicker } from './work-ticker'

export interface LocalOverviewRun {
  result: Omit<OverviewResult, 'plan'>
  eventsInScope: number
}

/** Counts of one local day, by its index in the order days were first met. */
class DayCounts {
  users: number[] = []
  sessions: number[] = []
  pageViews: number[] = []
  purchases: number[] = []
  revenue: (MoneyByCurrency | null)[] = []
  keys: string[] = []

  add(key: string): number {
    this.keys.push(key)
    this.users.push(0)
    this.sessions.push(0)
    this.pageViews.push(0)
    this.purchases.push(0)
    this.revenue.push(null)
    return this.keys.length - 1
  }
}

/**
 * The overview over every in-scope event of the data set, counted on its columns: the same
 * answer as the reducers' `OverviewAccumulator` (docs/query-semantics.md), without a set or a
 * string per event. Events are stored by (user, timestamp, _id), so each user's, and each
 * session's, days arrive in order: "already counted on this day" is one number per user, session
 * and page, compared with the current one.
 */
export async function runLocalOverview(
  dataset: LocalDataset,
  query: EngineQuery<OverviewQuery>,
  context: CallContext
): Promise<LocalOverviewRun> {
  const scope = compileLocalScope(dataset, query)
  const { fromMs, toMs, sessionPasses, eventPasses } = scope
  const { eventTime, eventUser, eventSession, eventType, eventPage } = dataset
  // A type the data lacks matches nothing (-2: not even an event without a type, -1).
  const pageView = codeOrNone(dataset.eventTypes.codeOf(EVENT_TYPES.pageView))
  const purchase = codeOrNone(dataset.eventTypes.codeOf(EVENT_TYPES.purchase))
  const n = dataset.eventCount
  const dayKeys = new DayKeys(query.timeZone)
  const days = new DayCounts()
  const dayOfKey = new Map<string, number>()
  // Marks are index + 1, so 0 means never (and a -1 user or session is still one key).
  const sessionLastDay = new Int32Array(dataset.sessionCount + 1)
  const sessionSeen = new Uint8Array(dataset.sessionCount + 1)
  const pageCount = dataset.pages.values.length
  const pageViews = new Float64Array(pageCount)
  const pageUsers = new Float64Array(pageCount)
  const pageLastUser = new Int32Array(pageCount)
  const dayLastUser: number[] = []
  const totalRevenue = new MoneyByCurrency()
  let totalUsers = 0
  let totalSessions = 0
  let totalPageViews = 0
  let totalPurchases = 0
  let lastUser = Number.NaN
  let dayStart = 0
  let dayEnd = 0
  let d = -1
  const ticker = new WorkTicker(context, 'Overview', n)
  let eventsInScope = 0
  for (let i = 0; i < n; i++) {
    if ((i & 16383) === 0) await ticker.tick(i)
    const t = eventTime[i] as number
    if (!(t >= fromMs && t < toMs)) continue
    const s = eventSession[i] as number
    if (sessionPasses && sessionPasses[s] !== 1) continue
    if (eventPasses && eventPasses[i] !== 1) continue
    eventsInScope++
    if (d < 0 || t < dayStart || t >= dayEnd) {
      const range = dayKeys.rangeAt(t)
      dayStart = range.start
      dayEnd = range.end
      let known = dayOfKey.get(range.day)
      if (known === undefined) {
        known = days.add(range.day)
        dayOfKey.set(range.day, known)
        dayLastUser.push(0)
      }
      d = known
    }
    const userMark = (eventUser[i] as number) + 1
    if (userMark !== lastUser) {
      totalUsers++
      lastUser = userMark
    }
    if (dayLastUser[d] !== userMark) {
      dayLastUser[d] = userMark
      ;(days.users[d] as number)++
    }
    const sessionMark = s + 1
    if (sessionLastDay[sessionMark] !== d + 1) {
      sessionLastDay[sessionMark] = d + 1
      ;(days.sessions[d] as number)++
      if (sessionSeen[sessionMark] === 0) {
        sessionSeen[sessionMark] = 1
        totalSessions++
      }
    }
    const type = eventType[i] as number
    if (type === pageView) {
      ;(days.pageViews[d] as number)++
      totalPageViews++
      const page = eventPage[i] as number
      if (page >= 0) {
        pageViews[page] = (pageViews[page] as number) + 1
        if (pageLastUser[page] !== userMark) {
          pageLastUser[page] = userMark
          pageUsers[page] = (pageUsers[page] as number) + 1
        }
      }
    } else if (type === purchase) {
      ;(days.purchases[d] as number)++
      totalPurchases++
      const code = currencyOf(dataset.metadataValue('currency', i))
      const amount = dataset.metadataValue('amount', i)
      let revenue = days.revenue[d]
      if (!revenue) {
        revenue = new MoneyByCurrency()
        days.revenue[d] = revenue
      }
      revenue.add(code, amount)
      totalRevenue.add(code, amount)
    }
  }
  ticker.throwIfCancelled()

  const dayRows: OverviewDay[] = days.keys
    .map((day, k) => ({
      day,
      users: days.users[k] as number,
      sessions: days.sessions[k] as number,
      pageViews: days.pageViews[k] as number,
      purchases: days.purchases[k] as number,
      revenueByCurrency: days.revenue[k]?.result() ?? []
    }))
    .sort((a, b) => compareDays(a.day, b.day))
  const topPages: OverviewResult['topPages'] = []
  for (let page = 0; page < pageCount; page++) {
    if ((pageViews[page] as number) > 0) {
      topPages.push({
        page: dataset.pages.values[page] as string,
        views: pageViews[page] as number,
        users: pageUsers[page] as number
      })
    }
  }
  topPages.sort(compareTopPages)
  const devices = deviceShares(dataset, sessionSeen, totalSessions)
  return {
    result: {
      days: dayRows,
      topPages: topPages.slice(0, query.topPages),
      browsers: devices.browsers,
      operatingSystems: devices.operatingSystems,
      totals: {
        users: totalUsers,
        sessions: totalSessions,
        pageViews: totalPageViews,
        purchases: totalPurchases,
        revenueByCurrency: totalRevenue.result()
      }
    },
    eventsInScope
  }
}

function codeOrNone(code: number): number {
  return code < 0 ? -2 : code
}

/** Browsers and operating systems of the sessions seen (`seen` by session index + 1). */
function deviceShares(
  dataset: LocalDataset,
  seen: Uint8Array,
  total: number
): Pick<OverviewResult, 'browsers' | 'operatingSystems'> {
  const { sessionBrowser, sessionOs, deviceValues } = dataset
  const browserCodes = new Map<number, number>()
  const osCodes = new Map<number, number>()
  for (let mark = 0; mark < seen.length; mark++) {
    if (seen[mark] !== 1) continue
    const s = mark - 1
    // A session missing from the sessions file (or index -1) has no device: (unknown).
    const browser = s >= 0 ? (sessionBrowser[s] as number) : -1
    const os = s >= 0 ? (sessionOs[s] as number) : -1
    browserCodes.set(browser, (browserCodes.get(browser) ?? 0) + 1)
    osCodes.set(os, (osCodes.get(os) ?? 0) + 1)
  }
  const shares = (codes: Map<number, number>) => {
    const byName = new Map<string, number>()
    for (const [code, sessions] of codes) {
      const name = deviceKeyOf(code >= 0 ? deviceValues[code] : undefined)
      byName.set(name, (byName.get(name) ?? 0) + sessions)
    }
    return [...byName.entries()]
      .map(([name, sessions]) => ({ name, sessions, share: total === 0 ? 0 : sessions / total }))
      .sort(compareDeviceShares)
  }
  return { browsers: shares(browserCodes), operatingSystems: shares(osCodes) }
}

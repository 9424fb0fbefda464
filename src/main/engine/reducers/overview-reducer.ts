import { EVENT_TYPES } from '../../../shared/journeys/documents'
import type { OverviewDay, OverviewResult } from '../../../shared/journeys/results'
import { deviceKeyOf } from '../rules/device-values'
import { DayKeys } from './day-key'
import { currencyOf, MoneyByCurrency } from '../rules/money'
import { compareDays, compareDeviceShares, compareTopPages } from '../rules/overview-order'
import type { DeviceInfo } from './scope-filter'

interface Counts {
  users: Set<unknown>
  sessions: Set<unknown>
  pageViews: number
  purchases: number
  revenue: MoneyByCurrency
}

function newCounts(): Counts {
  return {
    users: new Set(),
    sessions: new Set(),
    pageViews: 0,
    purchases: 0,
    revenue: new MoneyByCurrency()
  }
}

export interface OverviewAccumulatorOptions {
  /**
   * Every user's events arrive in one run (a cursor or array sorted by user). Distinct users per
   * page and in total are then counted at each change of user instead of with sets.
   */
  usersContiguous?: boolean
}

interface PageCounts<K> {
  views: number
  users: Set<K> | null
  userRuns: number
  lastUser: K | undefined
}

/**
 * The overview over in-scope events, fed one event at a time, in any order unless the options
 * promise runs of users. `K` is a user or session key with value equality (a string key or an
 * index); the caller supplies each event's fields so no object is built per event.
 */
export class OverviewAccumulator<K> {
  private readonly dayKeys: DayKeys
  private readonly days = new Map<string, Counts>()
  private readonly totals = newCounts()
  private readonly pages = new Map<string, PageCounts<K>>()
  private readonly usersContiguous: boolean
  private totalUserRuns = 0
  private lastRunUser: K | undefined = undefined
  private lastDayKey = ''
  private lastDay: Counts | null = null
  private lastUser: K | undefined = undefined
  private lastSession: K | undefined = undefined

  constructor(
    timeZone: string,
    private readonly topPages: number,
    options: OverviewAccumulatorOptions = {}
  ) {
    this.dayKeys = new DayKeys(timeZone)
    this.usersContiguous = options.usersContiguous ?? false
  }

  /** One in-scope event. `pageUrl`, `amount` and `currency` are the raw `metadata` values. */
  add(
    t: number,
    user: K,
    session: K,
    eventType: string,
    pageUrl: unknown,
    amount: unknown,
    currency: unknown
  ): void {
    const dayKey = this.dayKeys.dayOf(t)
    let day = this.lastDay
    if (dayKey !== this.lastDayKey || day === null) {
      day = this.days.get(dayKey) ?? null
      if (day === null) {
        day = newCounts()
        this.days.set(dayKey, day)
      }
      this.lastDayKey = dayKey
      this.lastDay = day
      this.lastUser = undefined
      this.lastSession = undefined
    }
    // Events mostly come in runs of one user and session: skip the set lookups within a run.
    // Anything new to the totals is new to its day first.
    if (user !== this.lastUser) {
      const before = day.users.size
      day.users.add(user)
      if (this.usersContiguous) {
        if (user !== this.lastRunUser) {
          this.totalUserRuns++
          this.lastRunUser = user
        }
      } else if (day.users.size !== before) {
        this.totals.users.add(user)
      }
      this.lastUser = user
    }
    if (session !== this.lastSession) {
      const before = day.sessions.size
      day.sessions.add(session)
      if (day.sessions.size !== before) this.totals.sessions.add(session)
      this.lastSession = session
    }
    if (eventType === EVENT_TYPES.pageView) {
      day.pageViews++
      this.totals.pageViews++
      if (typeof pageUrl === 'string') {
        let page = this.pages.get(pageUrl)
        if (!page) {
          const users = this.usersContiguous ? null : new Set<K>()
          page = { views: 0, users, userRuns: 0, lastUser: undefined }
          this.pages.set(pageUrl, page)
        }
        page.views++
        if (page.lastUser !== user) {
          if (page.users) page.users.add(user)
          else page.userRuns++
          page.lastUser = user
        }
      }
    } else if (eventType === EVENT_TYPES.purchase) {
      day.purchases++
      this.totals.purchases++
      const code = currencyOf(currency)
      day.revenue.add(code, amount)
      this.totals.revenue.add(code, amount)
    }
  }

  /** `deviceOfSession` gives the `deviceInfo` of a session seen in `add` (undefined if missing). */
  result(deviceOfSession: (session: K) => DeviceInfo | undefined): Omit<OverviewResult, 'plan'> {
    const days: OverviewDay[] = [...this.days.entries()]
      .sort(([a], [b]) => compareDays(a, b))
      .map(([day, counts]) => ({ day, ...summarize(counts) }))
    const topPages = [...this.pages.entries()]
      .map(([page, stats]) => ({
        page,
        views: stats.views,
        users: stats.users ? stats.users.size : stats.userRuns
      }))
      .sort(compareTopPages)
      .slice(0, this.topPages)
    const browsers = new Map<string, number>()
    const systems = new Map<string, number>()
    for (const session of this.totals.sessions as Set<K>) {
      const device = deviceOfSession(session)
      increment(browsers, deviceKeyOf(device?.browser))
      increment(systems, deviceKeyOf(device?.os))
    }
    const sessionCount = this.totals.sessions.size
    return {
      days,
      topPages,
      browsers: shares(browsers, sessionCount),
      operatingSystems: shares(systems, sessionCount),
      totals: {
        ...summarize(this.totals),
        users: this.usersContiguous ? this.totalUserRuns : this.totals.users.size
      }
    }
  }
}

function summarize(counts: Counts): Omit<OverviewDay, 'day'> {
  return {
    users: counts.users.size,
    sessions: counts.sessions.size,
    pageViews: counts.pageViews,
    purchases: counts.purchases,
    revenueByCurrency: counts.revenue.result()
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

function shares(
  counts: Map<string, number>,
  total: number
): { name: string; sessions: number; share: number }[] {
  return [...counts.entries()]
    .map(([name, sessions]) => ({ name, sessions, share: total === 0 ? 0 : sessions / total }))
    .sort(compareDeviceShares)
}

import { describe, expect, it } from 'vitest'
import type { EventDocument, SessionDocument } from '../../../src/shared/journeys/documents'
import type { OverviewQuery } from '../../../src/shared/journeys/query-schemas'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import type { Collections } from './mingo-runner'
import { localEngineOver, testContext } from './parity-data'
import { pipelineOverview, withoutPlan } from './pipeline-answers'

/**
 * Around the 2025 DST change in New York (2025-03-09 07:00Z): 06:30Z is 01:30 EST on the 9th,
 * 07:30Z is 03:30 EDT on the 9th, 2025-03-10 03:59Z is 23:59 EDT on the 9th, 04:00Z is the 10th.
 */
function overviewData(): Collections {
  const sessions: SessionDocument[] = [
    {
      _id: 's1',
      userId: 'a',
      startTime: new Date('2025-03-09T06:00:00Z'),
      deviceInfo: { browser: 'Chrome', os: 'Linux' }
    },
    {
      _id: 's2',
      userId: 'b',
      startTime: new Date('2025-03-10T03:00:00Z'),
      deviceInfo: { browser: 'Firefox' }
    }
  ]
  const ev = (
    _id: string,
    sessionId: string,
    userId: string,
    eventType: string,
    iso: string,
    metadata?: Record<string, unknown>
  ) =>
    ({
      _id,
      sessionId,
      userId,
      eventType,
      timestamp: new Date(iso),
      ...(metadata ? { metadata } : {})
    }) as EventDocument
  const events = [
    ev('e1', 's1', 'a', 'PAGE_VIEW', '2025-03-09T06:30:00Z', { pageUrl: '/' }),
    ev('e2', 's1', 'a', 'PURCHASE', '2025-03-09T07:30:00Z', { amount: 0.1, currency: 'USD' }),
    ev('e3', 's1', 'a', 'PURCHASE', '2025-03-09T07:31:00Z', { amount: 0.2, currency: 'EUR' }),
    ev('e8', 's1', 'a', 'PURCHASE', '2025-03-09T07:32:00Z', { amount: 0.2, currency: 'USD' }),
    // A currency that is not a string counts as `(none)`.
    ev('e9', 's1', 'a', 'PURCHASE', '2025-03-09T07:33:00Z', { amount: 5, currency: 7 }),
    ev('e4', 's2', 'b', 'PAGE_VIEW', '2025-03-10T03:59:00Z', { pageUrl: '/' }),
    ev('e5', 's2', 'b', 'PAGE_VIEW', '2025-03-10T04:00:00Z', { pageUrl: '/cart' }),
    ev('e6', 'lost', 'b', 'PAGE_VIEW', '2025-03-10T04:01:00Z', { pageUrl: ['/cart'] }),
    ev('e7', 's2', 'b', 'PURCHASE', '2025-03-10T04:02:00Z', { amount: 'n/a' })
  ]
  return { users: [], sessions, events }
}

const query = (timeZone: string): EngineQuery<OverviewQuery> => ({
  range: {},
  segment: {},
  timeZone,
  topPages: 10
})

describe('overview pipelines on hand-made events', () => {
  it('counts days in the time zone, distinct users and sessions, revenue per currency in cents', async () => {
    const result = pipelineOverview(overviewData(), query('America/New_York'))
    // USD 0.1 + 0.2 is 0.30000000000000004 before rounding; e7's text amount adds nothing.
    const revenue = [
      { currency: '(none)', amount: 5 },
      { currency: 'EUR', amount: 0.2 },
      { currency: 'USD', amount: 0.3 }
    ]
    expect(result.days).toEqual([
      {
        day: '2025-03-09',
        users: 2,
        sessions: 2,
        pageViews: 2,
        purchases: 4,
        revenueByCurrency: revenue
      },
      {
        day: '2025-03-10',
        users: 1,
        sessions: 2,
        pageViews: 2,
        purchases: 1,
        revenueByCurrency: [{ currency: '(none)', amount: 0 }]
      }
    ])
    expect(result.totals).toEqual({
      users: 2,
      sessions: 3,
      pageViews: 4,
      purchases: 5,
      revenueByCurrency: revenue
    })
    // The array-valued page URL is a page view but no page.
    expect(result.topPages).toEqual([
      { page: '/', views: 2, users: 2 },
      { page: '/cart', views: 1, users: 1 }
    ])
    expect(result.browsers).toEqual([
      { name: '(unknown)', sessions: 1, share: 1 / 3 },
      { name: 'Chrome', sessions: 1, share: 1 / 3 },
      { name: 'Firefox', sessions: 1, share: 1 / 3 }
    ])
    expect(result.operatingSystems).toEqual([
      { name: '(unknown)', sessions: 2, share: 2 / 3 },
      { name: 'Linux', sessions: 1, share: 1 / 3 }
    ])
    const local = await (
      await localEngineOver(overviewData())
    ).overview(query('America/New_York'), testContext())
    expect(result).toEqual(withoutPlan(local))
  })

  it('UTC days, and a browser filter that drops events of missing sessions', async () => {
    const utc = pipelineOverview(overviewData(), query('UTC'))
    expect(utc.days.map((d) => d.day)).toEqual(['2025-03-09', '2025-03-10'])
    expect(utc.days.map((d) => d.pageViews)).toEqual([1, 3])
    const filtered = { ...query('UTC'), segment: { browsers: ['Firefox'] } }
    const result = pipelineOverview(overviewData(), filtered)
    expect(result.totals).toEqual({
      users: 1,
      sessions: 1,
      pageViews: 2,
      purchases: 1,
      revenueByCurrency: [{ currency: '(none)', amount: 0 }]
    })
    const local = await (await localEngineOver(overviewData())).overview(filtered, testContext())
    expect(result).toEqual(withoutPlan(local))
  })

  it('no events in scope: zero totals, no days', () => {
    const empty = { ...query('UTC'), range: { from: new Date('2030-01-01T00:00:00Z') } }
    expect(pipelineOverview(overviewData(), empty)).toEqual({
      days: [],
      topPages: [],
      browsers: [],
      operatingSystems: [],
      totals: { users: 0, sessions: 0, pageViews: 0, purchases: 0, revenueByCurrency: [] }
    })
  })
})

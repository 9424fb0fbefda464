import { describe, expect, it } from 'vitest'
import type { OverviewQuery } from '../../../src/shared/journeys/query-schemas'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import { DayKeys } from '../../../src/main/engine/reducers/day-key'
import { idKey } from '../../../src/main/engine/rules/id-key'
import { OverviewAccumulator } from '../../../src/main/engine/reducers/overview-reducer'
import { callContext, localEngine, session, type Fixture } from './journey-fixture'
import type { EventDocument } from '../../../src/shared/journeys/documents'

const iso = (text: string) => new Date(text)
const ev = (
  _id: string,
  userId: string,
  sessionId: string,
  eventType: string,
  when: string,
  metadata?: EventDocument['metadata']
): EventDocument => ({
  _id,
  userId,
  sessionId,
  eventType,
  timestamp: iso(when),
  ...(metadata ? { metadata } : {})
})

// 2025-03-10T23:30Z is the 10th in UTC, the 11th in Berlin (UTC+1), the 10th in Los Angeles (UTC-7,
// daylight time since 9 March). 06:59Z on the 11th is still the 10th in Los Angeles.
const fixture: Fixture = {
  sessions: [
    session('s1', 'u1', 0, { browser: 'Chrome', os: 'macOS' }),
    session('s2', 'u2', 0, { browser: 'Firefox' })
    // s3 has no session document
  ],
  events: [
    ev('e1', 'u1', 's1', 'PAGE_VIEW', '2025-03-10T23:30:00Z', { pageUrl: '/a' }),
    ev('e2', 'u2', 's2', 'PURCHASE', '2025-03-11T06:59:00Z', { amount: 0.1, currency: 'EUR' }),
    ev('e3', 'u2', 's2', 'PURCHASE', '2025-03-11T06:59:30Z', { amount: 0.2, currency: 'USD' }),
    ev('e8', 'u2', 's2', 'PURCHASE', '2025-03-11T06:59:40Z', { amount: 0.2, currency: 'EUR' }),
    // No currency and a text amount: a `(none)` row that stays at 0.
    ev('e9', 'u2', 's2', 'PURCHASE', '2025-03-11T06:59:50Z', {
      amount: 'ten' as unknown as number
    }),
    ev('e4', 'u1', 's3', 'PAGE_VIEW', '2025-03-11T07:30:00Z', { pageUrl: '/b' }),
    ev('e5', 'u2', 's2', 'PAGE_VIEW', '2025-03-11T07:31:00Z', { pageUrl: '/b' }),
    ev('e6', 'u2', 's2', 'PAGE_VIEW', '2025-03-11T07:32:00Z', { pageUrl: '/b' }),
    ev('e7', 'u2', 's2', 'PAGE_VIEW', '2025-03-11T07:33:00Z') // no URL: a view, but no page
  ]
}

function overviewQuery(query: Partial<EngineQuery<OverviewQuery>>): EngineQuery<OverviewQuery> {
  return { range: {}, segment: {}, timeZone: 'UTC', topPages: 10, ...query }
}

async function overview(query: EngineQuery<OverviewQuery>) {
  const { plan: _plan, ...result } = await (
    await localEngine(fixture)
  ).overview(query, callContext())
  return result
}

/** e2, e3, e8 and e9: EUR 0.1 + 0.2 is 0.30000000000000004 before rounding to cents. */
const REVENUE = [
  { currency: '(none)', amount: 0 },
  { currency: 'EUR', amount: 0.3 },
  { currency: 'USD', amount: 0.2 }
]

describe('overview', () => {
  it('counts days in UTC', async () => {
    const result = await overview(overviewQuery({}))
    expect(result.days).toEqual([
      {
        day: '2025-03-10',
        users: 1,
        sessions: 1,
        pageViews: 1,
        purchases: 0,
        revenueByCurrency: []
      },
      {
        day: '2025-03-11',
        users: 2,
        sessions: 2,
        pageViews: 4,
        purchases: 4,
        revenueByCurrency: REVENUE
      }
    ])
    expect(result.totals).toEqual({
      users: 2,
      sessions: 3,
      pageViews: 5,
      purchases: 4,
      revenueByCurrency: REVENUE
    })
  })

  it('counts days in Europe/Berlin', async () => {
    const result = await overview(overviewQuery({ timeZone: 'Europe/Berlin' }))
    expect(result.days).toEqual([
      {
        day: '2025-03-11',
        users: 2,
        sessions: 3,
        pageViews: 5,
        purchases: 4,
        revenueByCurrency: REVENUE
      }
    ])
  })

  it('counts days in America/Los_Angeles', async () => {
    const result = await overview(overviewQuery({ timeZone: 'America/Los_Angeles' }))
    expect(result.days).toEqual([
      {
        day: '2025-03-10',
        users: 2,
        sessions: 2,
        pageViews: 1,
        purchases: 4,
        revenueByCurrency: REVENUE
      },
      {
        day: '2025-03-11',
        users: 2,
        sessions: 2,
        pageViews: 4,
        purchases: 0,
        revenueByCurrency: []
      }
    ])
  })

  it('ranks top pages and shares browsers and OS by session', async () => {
    const result = await overview(overviewQuery({ topPages: 1 }))
    expect(result.topPages).toEqual([{ page: '/b', views: 3, users: 2 }])
    expect(result.browsers).toEqual([
      { name: '(unknown)', sessions: 1, share: 1 / 3 },
      { name: 'Chrome', sessions: 1, share: 1 / 3 },
      { name: 'Firefox', sessions: 1, share: 1 / 3 }
    ])
    expect(result.operatingSystems).toEqual([
      { name: '(unknown)', sessions: 2, share: 2 / 3 },
      { name: 'macOS', sessions: 1, share: 1 / 3 }
    ])
  })

  it('keeps to the range and the segment', async () => {
    const result = await overview(
      overviewQuery({
        range: { from: iso('2025-03-11T00:00:00Z'), to: iso('2025-03-11T07:31:00Z') },
        segment: { browsers: ['Firefox', 'Chrome'] }
      })
    )
    // The purchases only: e4's session is missing, e5 is at `to`.
    expect(result.totals).toEqual({
      users: 1,
      sessions: 1,
      pageViews: 0,
      purchases: 4,
      revenueByCurrency: REVENUE
    })
    expect(result.browsers).toEqual([{ name: 'Firefox', sessions: 1, share: 1 }])
  })

  it('gives the same answer from events in any order, counted with sets', async () => {
    const local = await overview(overviewQuery({ timeZone: 'America/Los_Angeles' }))
    const accumulator = new OverviewAccumulator<string>('America/Los_Angeles', 10)
    for (const e of [...fixture.events].reverse()) {
      accumulator.add(
        e.timestamp.getTime(),
        idKey(e.userId),
        idKey(e.sessionId),
        e.eventType,
        e.metadata?.pageUrl,
        e.metadata?.amount,
        e.metadata?.currency
      )
    }
    const devices = new Map((fixture.sessions ?? []).map((s) => [idKey(s._id), s.deviceInfo]))
    expect(accumulator.result((key) => devices.get(key))).toEqual(local)
  })

  it('rejects an unknown time zone', async () => {
    await expect(overview(overviewQuery({ timeZone: 'Mars/Olympus' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
  })
})

describe('day keys', () => {
  it('puts midnight exactly, across a daylight-saving change', () => {
    const berlin = new DayKeys('Europe/Berlin')
    const day = (text: string) => berlin.dayOf(Date.parse(text))
    // CET (UTC+1) until 2025-03-30T01:00Z, then CEST (UTC+2).
    expect(day('2025-03-29T22:59:59.999Z')).toBe('2025-03-29')
    expect(day('2025-03-29T23:00:00.000Z')).toBe('2025-03-30')
    expect(day('2025-03-30T00:59:59.999Z')).toBe('2025-03-30')
    expect(day('2025-03-30T01:00:00.000Z')).toBe('2025-03-30')
    expect(day('2025-03-30T21:59:59.999Z')).toBe('2025-03-30')
    expect(day('2025-03-30T22:00:00.000Z')).toBe('2025-03-31')
    // Asked again, in another order, from the cache.
    expect(day('2025-03-29T23:00:00.000Z')).toBe('2025-03-30')
    expect(day('2025-03-29T22:59:59.999Z')).toBe('2025-03-29')
  })

  it('handles zones whose clocks change at midnight and odd offsets', () => {
    // Santiago: 2025-04-06 at 00:00 local (03:00Z) clocks went back to 23:00 on the 5th.
    const santiago = new DayKeys('America/Santiago')
    expect(santiago.dayOf(Date.parse('2025-04-06T02:59:59.999Z'))).toBe('2025-04-05')
    expect(santiago.dayOf(Date.parse('2025-04-06T03:00:00.000Z'))).toBe('2025-04-05')
    expect(santiago.dayOf(Date.parse('2025-04-06T03:59:59.999Z'))).toBe('2025-04-05')
    expect(santiago.dayOf(Date.parse('2025-04-06T04:00:00.000Z'))).toBe('2025-04-06')
    // Kathmandu is UTC+5:45.
    const kathmandu = new DayKeys('Asia/Kathmandu')
    expect(kathmandu.dayOf(Date.parse('2025-03-10T18:14:59.999Z'))).toBe('2025-03-10')
    expect(kathmandu.dayOf(Date.parse('2025-03-10T18:15:00.000Z'))).toBe('2025-03-11')
  })

  it('finds UTC days by arithmetic exactly as through the time zone database', () => {
    // 'Etc/Universal' is UTC under another name, which goes through Intl.
    const byArithmetic = new DayKeys('UTC')
    const byIntl = new DayKeys('Etc/Universal')
    const instants = [
      '2025-03-30T00:00:00.000Z',
      '2025-03-29T23:59:59.999Z',
      '2024-02-29T12:00:00.000Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '1900-03-01T00:00:00.000Z',
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z'
    ].map(Date.parse)
    for (let t = Date.parse('2023-12-30T00:00:00Z'); t < Date.parse('2025-01-02T00:00:00Z');) {
      instants.push(t)
      t += 7_919_993 // about 2.2 hours, so that every hour of the day comes round
    }
    for (const t of instants) {
      expect(byArithmetic.rangeAt(t), new Date(t).toISOString()).toEqual(byIntl.rangeAt(t))
    }
  })
})

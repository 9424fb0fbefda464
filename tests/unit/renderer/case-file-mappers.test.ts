import { describe, expect, it } from 'vitest'
import type { EventDocument } from '../../../src/shared/journeys/documents'
import type { JourneyGraph, SessionWithEvents } from '../../../src/shared/journeys/results'
import { journeyGraphModel } from '../../../src/renderer/src/features/customers/journey-graph-model'
import { eventRows, sessionRows } from '../../../src/renderer/src/features/customers/session-rows'

const t = (minutes: number) => new Date(Date.UTC(2025, 8, 1, 10, minutes))

function event(
  id: string,
  minutes: number,
  type: string,
  metadata?: EventDocument['metadata']
): EventDocument {
  return {
    _id: id,
    sessionId: 's1',
    userId: 'u1',
    eventType: type,
    timestamp: t(minutes),
    ...(metadata ? { metadata } : {})
  }
}

const events: EventDocument[] = [
  event('e1', 0, 'SESSION_START'),
  event('e2', 0, 'PAGE_VIEW', { pageUrl: '/', duration: 30 }),
  event('e3', 1, 'PAGE_VIEW', { pageUrl: '/cart', duration: 20 }),
  event('e4', 2, 'PAGE_VIEW', { pageUrl: '/' }),
  event('e5', 3, 'PURCHASE', { amount: 10.1, currency: 'EUR' }),
  event('e6', 4, 'PURCHASE', { amount: 5.25, currency: 'EUR' }),
  event('e7', 5, 'PURCHASE', { amount: 1 }),
  event('e8', 6, 'PAGE_VIEW', { pageUrl: '/thanks', duration: 3 })
]

describe('case file mappers', () => {
  it('session rows: duration to the end time, device, purchases per currency, highlighted views', () => {
    const session: SessionWithEvents = {
      _id: 's1',
      userId: 'u1',
      startTime: t(0),
      endTime: t(10),
      deviceInfo: { browser: 'Firefox' },
      ipAddress: '192.0.2.1',
      events
    }
    const [row] = sessionRows([session], '/')
    expect(row).toMatchObject({
      key: 's1',
      durationSeconds: 600,
      browser: 'Firefox',
      os: '(unknown)',
      ip: '192.0.2.1',
      events: 8,
      pageViews: 4,
      spent: [
        { currency: '(none)', amount: 1 },
        { currency: 'EUR', amount: 15.35 }
      ],
      highlightedViews: 2
    })
  })

  it('session duration falls back to the last event, and is unknown without events or end', () => {
    const base = { _id: 's2', userId: 'u1', startTime: t(0) }
    expect(sessionRows([{ ...base, events }], null)[0]?.durationSeconds).toBe(360)
    expect(sessionRows([{ ...base, events: [] }], null)[0]?.durationSeconds).toBeNull()
  })

  it('event rows: time on page for page views, amounts for purchases, highlight by page', () => {
    const rows = eventRows(events, '/')
    expect(rows.map((row) => row.highlighted)).toEqual([
      false,
      true,
      false,
      true,
      false,
      false,
      false,
      false
    ])
    expect(rows[1]).toMatchObject({
      index: 2,
      type: 'PAGE_VIEW',
      page: '/',
      secondsOnPage: 30,
      amount: null
    })
    expect(rows[3]?.secondsOnPage).toBeNull()
    expect(rows[4]?.amount).toEqual({ currency: 'EUR', amount: 10.1 })
    expect(rows[6]?.amount).toEqual({ currency: '(none)', amount: 1 })
  })

  it('(entry) and (exit) highlight the first and last page view', () => {
    expect(eventRows(events, '(entry)').findIndex((row) => row.highlighted)).toBe(1)
    expect(
      eventRows(events, '(exit)')
        .filter((row) => row.highlighted)
        .map((row) => row.page)
    ).toEqual(['/thanks'])
    expect(eventRows(events, null).some((row) => row.highlighted)).toBe(false)
  })

  it('journey graph model: kinds, details, edge ids and weights', () => {
    const journey: JourneyGraph = {
      nodes: [
        { id: '/', page: '/', views: 3, meanSecondsOnPage: 114.1395 },
        { id: '(entry)', page: '(entry)', views: 1, meanSecondsOnPage: null },
        { id: '(exit)', page: '(exit)', views: 1, meanSecondsOnPage: null }
      ],
      edges: [
        { source: '(entry)', target: '/', count: 1 },
        { source: '/', target: '(exit)', count: 1 }
      ],
      foldedPages: 0
    }
    const model = journeyGraphModel(journey)
    expect(model.nodes).toEqual([
      expect.objectContaining({
        id: '/',
        kind: 'page',
        label: '/',
        detail: '3 views · 1 min 54 s avg'
      }),
      expect.objectContaining({ id: '(entry)', kind: 'entry', detail: '1 session' }),
      expect.objectContaining({ id: '(exit)', kind: 'exit', detail: '1 session' })
    ])
    expect(model.edges).toEqual([
      expect.objectContaining({
        id: '(entry)\u0000/',
        source: '(entry)',
        target: '/',
        weight: 1,
        label: '1'
      }),
      expect.objectContaining({ id: '/\u0000(exit)', source: '/', target: '(exit)', weight: 1 })
    ])
  })
})

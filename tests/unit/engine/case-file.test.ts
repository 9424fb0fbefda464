import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { callContext, event, localEngine, session, user, type Fixture } from './journey-fixture'

const DAY = 86400
const fixture: Fixture = {
  users: [
    user('u1', 'Una', 'una@x.com'),
    user('u2', 'Two', 'two@x.com'),
    user(new ObjectId('65a1b2c3d4e5f60718293a4b'), 'Oid', 'oid@x.com')
  ],
  sessions: [
    session('s1', 'u1', 0),
    session('s2', 'u1', DAY),
    session('s3', 'u1', DAY), // same start as s2: the larger _id comes first
    session('s9', 'u2', 0)
  ],
  events: [
    event('e01', 'u1', 's1', 'SESSION_START', 0),
    event('e02', 'u1', 's1', 'PAGE_VIEW', 1, { pageUrl: '/', duration: 10 }),
    event('e03', 'u1', 's1', 'PAGE_VIEW', 2, { pageUrl: '/', duration: 20 }),
    event('e04', 'u1', 's1', 'PAGE_VIEW', 3, { pageUrl: '/p', duration: 5 }),
    event('e05', 'u1', 's1', 'ADD_TO_CART', 4),
    event('e06', 'u1', 's1', 'PURCHASE', 5, { amount: 10.1, currency: 'EUR' }),
    // In s2, e12 and e11 share a timestamp: e11 comes first.
    event('e12', 'u1', 's2', 'PURCHASE', DAY + 2, { amount: 5.2, currency: 'EUR' }),
    event('e11', 'u1', 's2', 'PAGE_VIEW', DAY + 2, {
      pageUrl: '/c',
      duration: 'long' as unknown as number
    }),
    event('e10', 'u1', 's2', 'PAGE_VIEW', DAY + 1, { pageUrl: '/' }),
    event('e13', 'u1', 's2', 'PURCHASE', DAY + 3, { amount: 3, currency: 'USD' }),
    event('e14', 'u1', 's2', 'PURCHASE', DAY + 4, { amount: 1 }),
    event('e20', 'u1', 's3', 'SESSION_START', DAY),
    // An event of u1 in a session with no document: in the totals, not in the journey.
    event('e30', 'u1', 's-gone', 'PAGE_VIEW', 2 * DAY, { pageUrl: '/orphan', duration: 7 }),
    event('e40', 'u2', 's9', 'PAGE_VIEW', 3 * DAY, { pageUrl: '/' })
  ]
}

async function caseFile(userId: string, offset = 0, limit = 20) {
  const engine = await localEngine(fixture)
  return engine.customerCaseFile({ userId, sessions: { offset, limit } }, callContext())
}

describe('customer case file', () => {
  it('totals all the user’s events', async () => {
    const file = await caseFile('u1')
    expect(file.user.name).toBe('Una')
    expect(file.totals).toEqual({
      sessions: 3,
      pageViews: 6,
      purchases: 4,
      // 10.1 + 5.2 = 15.299999999999999 before rounding; no currency is "(none)".
      amountSpent: [
        { currency: '(none)', amount: 1 },
        { currency: 'EUR', amount: 15.3 },
        { currency: 'USD', amount: 3 }
      ],
      secondsOnPages: 10 + 20 + 5 + 7,
      firstSeen: new Date(Date.UTC(2025, 0, 1)),
      lastSeen: new Date(Date.UTC(2025, 0, 3))
    })
    expect(file.plan.strategy).toBe('local')
  })

  it('pages sessions newest first, each with its events in event order', async () => {
    const all = await caseFile('u1')
    expect(all.sessions.map((s) => s._id)).toEqual(['s3', 's2', 's1'])
    const page = await caseFile('u1', 1, 1)
    expect(page.sessionsTotal).toBe(3)
    expect(page.sessionsPage).toEqual({ offset: 1, limit: 1 })
    expect(page.sessions.map((s) => s._id)).toEqual(['s2'])
    expect(page.sessions[0]?.events.map((e) => e._id)).toEqual(['e10', 'e11', 'e12', 'e13', 'e14'])
    expect((await caseFile('u1', 3, 5)).sessions).toEqual([])
  })

  it('draws the journey graph over the user’s sessions', async () => {
    const { journey } = await caseFile('u1')
    // s1: / / /p -> (entry) / /p (exit); s2: / /c -> (entry) / /c (exit); s3 has no page view.
    expect(journey.nodes).toEqual([
      { id: '/', page: '/', views: 3, meanSecondsOnPage: 15 },
      { id: '(entry)', page: '(entry)', views: 2, meanSecondsOnPage: null },
      { id: '(exit)', page: '(exit)', views: 2, meanSecondsOnPage: null },
      { id: '/c', page: '/c', views: 1, meanSecondsOnPage: null },
      { id: '/p', page: '/p', views: 1, meanSecondsOnPage: 5 }
    ])
    expect(journey.edges).toEqual([
      { source: '(entry)', target: '/', count: 2 },
      { source: '/', target: '/c', count: 1 },
      { source: '/', target: '/p', count: 1 },
      { source: '/c', target: '(exit)', count: 1 },
      { source: '/p', target: '(exit)', count: 1 }
    ])
  })

  it('finds an ObjectId user by its hex in any case, and fails for an unknown id', async () => {
    const file = await caseFile('65A1B2C3D4E5F60718293A4B')
    expect(file.user.name).toBe('Oid')
    expect(file.totals.firstSeen).toBeNull()
    expect(file.journey).toEqual({ nodes: [], edges: [], foldedPages: 0 })
    await expect(caseFile('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

import { describe, expect, it } from 'vitest'
import type { FlowQuery } from '../../../src/shared/journeys/query-schemas'
import type { FlowResult } from '../../../src/shared/journeys/results'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import { compareEvents } from '../../../src/main/engine/rules/event-order'
import { FlowAccumulator } from '../../../src/main/engine/reducers/flow-reducer'
import { idKey } from '../../../src/main/engine/rules/id-key'
import { sessionPageViews } from '../../../src/main/engine/reducers/page-views'
import { callContext, event, localEngine, type Fixture } from './journey-fixture'

/** Page views of one session, one second apart, starting at `start` seconds. */
function visits(sessionId: string, userId: string, pages: string[], start = 0) {
  return pages.map((pageUrl, i) =>
    event(`${sessionId}-${String(i).padStart(2, '0')}`, userId, sessionId, 'PAGE_VIEW', start + i, {
      pageUrl
    })
  )
}

function flowQuery(
  query: Partial<EngineQuery<FlowQuery>> & Pick<FlowQuery, 'page'>
): EngineQuery<FlowQuery> {
  return { range: {}, segment: {}, direction: 'from', depth: 5, topN: 8, ...query }
}

async function flows(
  fixture: Fixture,
  query: EngineQuery<FlowQuery>
): Promise<Omit<FlowResult, 'plan'>> {
  const { plan: _plan, ...result } = await (await localEngine(fixture)).flows(query, callContext())
  return result
}

const compact = (result: Omit<FlowResult, 'plan'>) => ({
  sessions: result.sessions,
  nodes: result.nodes.map((n) => `${n.id} ${n.sessions}/${n.users}`),
  edges: result.edges.map((e) => `${e.source} -> ${e.target} ${e.sessions}/${e.users}`)
})

describe('flows', () => {
  // s1 (u1): / /a /a /b        -> / /a /b
  // s2 (u1): /x / /c           -> from the first /: /c, then (exit)
  // s3 (u2): / /a / /d         -> /a, then / again
  // s4 (u3): /a                -> never views /: not in the flow
  // s5 (u3): /                 -> (exit) at once
  const fixture: Fixture = {
    events: [
      ...visits('s1', 'u1', ['/', '/a', '/a', '/b']),
      ...visits('s2', 'u1', ['/x', '/', '/c'], 100),
      ...visits('s3', 'u2', ['/', '/a', '/', '/d']),
      ...visits('s4', 'u3', ['/a']),
      ...visits('s5', 'u3', ['/'], 50),
      event('s1-99', 'u1', 's1', 'ADD_TO_CART', 2.5) // not a page view: no effect
    ]
  }

  it('merges repeats, ends paths at (exit), and folds the rest of each step into (other)', async () => {
    const result = await flows(fixture, flowQuery({ page: '/', depth: 2, topN: 1 }))
    expect(compact(result)).toEqual({
      sessions: 4,
      nodes: [
        '0:/ 4/3',
        '1:/a 2/2',
        '1:(exit) 1/1',
        '1:(other) 1/1', // /c
        '2:(exit) 1/1', // after /c
        '2:(other) 1/1', // /b loses the tie to / (page asc)
        '2:/ 1/1'
      ],
      edges: [
        '0:/ -> 1:/a 2/2',
        '0:/ -> 1:(exit) 1/1',
        '0:/ -> 1:(other) 1/1',
        '1:(other) -> 2:(exit) 1/1',
        '1:/a -> 2:(other) 1/1',
        '1:/a -> 2:/ 1/1'
      ]
    })
  })

  it('keeps every page with a large enough top N, and stops at the depth', async () => {
    const result = await flows(fixture, flowQuery({ page: '/', depth: 1, topN: 8 }))
    expect(compact(result)).toEqual({
      sessions: 4,
      nodes: ['0:/ 4/3', '1:/a 2/2', '1:(exit) 1/1', '1:/c 1/1'],
      edges: ['0:/ -> 1:/a 2/2', '0:/ -> 1:(exit) 1/1', '0:/ -> 1:/c 1/1']
    })
  })

  it('counts distinct users in (other) exactly when pages fold together', async () => {
    // One user's two sessions go to /b and /c: (other) has 2 sessions and 1 user.
    const result = await flows(
      {
        events: [
          ...visits('s1', 'u1', ['/', '/a']),
          ...visits('s2', 'u2', ['/', '/a']),
          ...visits('s3', 'u3', ['/', '/b']),
          ...visits('s4', 'u3', ['/', '/c'], 10)
        ]
      },
      flowQuery({ page: '/', depth: 1, topN: 1 })
    )
    expect(compact(result).nodes).toEqual(['0:/ 4/3', '1:(other) 2/1', '1:/a 2/2'])
    expect(compact(result).edges).toEqual(['0:/ -> 1:(other) 2/1', '0:/ -> 1:/a 2/2'])
  })

  it('walks backwards to the page, with edges pointing forward in time', async () => {
    // s1 (u1): / /p /p /checkout /thanks  -> before checkout: /p, then /
    // s2 (u2): /checkout                    -> (entry)
    // s3 (u1): /p /checkout /x /checkout    -> first checkout: /p, then (entry)
    const result = await flows(
      {
        events: [
          ...visits('s1', 'u1', ['/', '/p', '/p', '/checkout', '/thanks']),
          ...visits('s2', 'u2', ['/checkout']),
          ...visits('s3', 'u1', ['/p', '/checkout', '/x', '/checkout'], 100)
        ]
      },
      flowQuery({ page: '/checkout', direction: 'to', depth: 2 })
    )
    expect(compact(result)).toEqual({
      sessions: 3,
      nodes: ['0:/checkout 3/2', '1:/p 2/1', '1:(entry) 1/1', '2:(entry) 1/1', '2:/ 1/1'],
      edges: [
        '1:/p -> 0:/checkout 2/1',
        '1:(entry) -> 0:/checkout 1/1',
        '2:(entry) -> 1:/p 1/1',
        '2:/ -> 1:/p 1/1'
      ]
    })
  })

  it('uses only in-scope page views, so an out-of-range view between repeats merges them', async () => {
    // Views at 0..4 s: / /a /x /a /b, where /x carries another plan: the segment drops it, and
    // the two /a views around it become one.
    const events = [
      event('e0', 'u1', 's1', 'PAGE_VIEW', 0, { pageUrl: '/', plan: 'pro' }),
      event('e1', 'u1', 's1', 'PAGE_VIEW', 1, { pageUrl: '/a', plan: 'pro' }),
      event('e2', 'u1', 's1', 'PAGE_VIEW', 2, { pageUrl: '/x', plan: 'free' }),
      event('e3', 'u1', 's1', 'PAGE_VIEW', 3, { pageUrl: '/a', plan: 'pro' }),
      event('e4', 'u1', 's1', 'PAGE_VIEW', 4, { pageUrl: '/b', plan: 'pro' })
    ]
    const result = await flows(
      { events },
      flowQuery({
        page: '/',
        depth: 3,
        segment: { metadataEquals: [{ key: 'plan', value: 'pro' }] }
      })
    )
    expect(compact(result).nodes).toEqual(['0:/ 1/1', '1:/a 1/1', '2:/b 1/1', '3:(exit) 1/1'])
    const ranged = await flows(
      { events },
      flowQuery({ page: '/a', depth: 2, range: { to: new Date(Date.UTC(2025, 0, 1, 0, 0, 2)) } })
    )
    // Only / and /a are before 2 s: from /a the session exits.
    expect(compact(ranged).nodes).toEqual(['0:/a 1/1', '1:(exit) 1/1'])
  })

  it('gives an empty flow for a page nobody viewed', async () => {
    const result = await flows(fixture, flowQuery({ page: '/nowhere' }))
    expect(result).toEqual({ nodes: [], edges: [], sessions: 0, keptPerStep: 8 })
  })

  it('gives the same flow when fed session by session from documents', async () => {
    const query = flowQuery({ page: '/', depth: 2, topN: 1 })
    const local = await flows(fixture, query)
    const flow = new FlowAccumulator<string>(query)
    const bySession = new Map<string, typeof fixture.events>()
    for (const e of fixture.events) {
      bySession.set(idKey(e.sessionId), [...(bySession.get(idKey(e.sessionId)) ?? []), e])
    }
    for (const events of bySession.values()) {
      const { urls, userId } = sessionPageViews([...events].sort(compareEvents))
      if (userId !== null) flow.addSession(urls, idKey(userId))
    }
    expect(flow.result()).toEqual(local)
  })

  it("counts users exactly when a user's sessions do not come together", () => {
    const flow = new FlowAccumulator<number>({ page: '/', direction: 'from', depth: 1, topN: 8 })
    for (const user of [1, 2, 1, 3, 2]) flow.addSession(['/', '/a'], user)
    expect(compact(flow.result()).nodes).toEqual(['0:/ 5/3', '1:/a 5/3'])
  })

  it('accepts a session at a time in the reducer API', () => {
    const flow = new FlowAccumulator<string>({ page: '/', direction: 'from', depth: 1, topN: 8 })
    expect(flow.addSession(['/a', '/b'], 'u1')).toBe(false)
    expect(flow.addSession(['/', '/', '/a'], 'u1')).toBe(true)
    expect(flow.result().nodes.map((n) => n.id)).toEqual(['0:/', '1:/a'])
  })
})

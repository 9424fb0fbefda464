import { describe, expect, it } from 'vitest'
import type { FlowQuery, FlowSelection } from '../../../src/shared/journeys/query-schemas'
import type { FlowResult, FlowUsersResult } from '../../../src/shared/journeys/results'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import { PipelineEngine } from '../../../src/main/engine/mongo/pipeline-engine'
import { mingoDb } from '../mongo-engines/mingo-db'
import type { Collections } from '../pipelines/mingo-runner'
import { callContext, event, localEngine, type Fixture } from './journey-fixture'

/** Page views of one session, one second apart, starting at `start` seconds. */
function visits(sessionId: string, userId: string, pages: string[], start = 0) {
  return pages.map((pageUrl, i) =>
    event(`${sessionId}-${String(i).padStart(2, '0')}`, userId, sessionId, 'PAGE_VIEW', start + i, {
      pageUrl
    })
  )
}

// s1 (u1): / /a /a /b   s2 (u1): /x / /c   s3 (u2): / /a / /d   s4 (u3): /a   s5 (u3): /
// s6 (u4): /b /         s7 (u0): / /a
const fixture: Fixture = {
  events: [
    ...visits('s1', 'u1', ['/', '/a', '/a', '/b']),
    ...visits('s2', 'u1', ['/x', '/', '/c'], 100),
    ...visits('s3', 'u2', ['/', '/a', '/', '/d']),
    ...visits('s4', 'u3', ['/a']),
    ...visits('s5', 'u3', ['/'], 50),
    ...visits('s6', 'u4', ['/b', '/']),
    ...visits('s7', 'u0', ['/', '/a'], 200)
  ]
}

function flowQuery(query: Partial<EngineQuery<FlowQuery>>): EngineQuery<FlowQuery> {
  return { range: {}, segment: {}, page: '/', direction: 'from', depth: 2, topN: 1, ...query }
}

type Answer = Omit<FlowUsersResult, 'plan'>

/** Flow users by the local engine, and by both MongoDB engines over mingo: all must agree. */
async function flowUsers(
  query: EngineQuery<FlowQuery>,
  selection: FlowSelection,
  users = { offset: 0, limit: 50 }
): Promise<Answer> {
  const full = { ...query, selection, users }
  const { plan: _plan, ...local } = await (
    await localEngine(fixture)
  ).flowUsers(full, callContext())
  const collections: Collections = {
    users: [],
    sessions: [],
    events: fixture.events.map((e) => ({ ...e, metadata: { ...e.metadata } }))
  }
  const db = mingoDb(collections)
  for (const engine of [new PipelineEngine(db), new ReducerEngine(db)]) {
    const { plan, ...answer } = await engine.flowUsers(full, callContext())
    expect(answer, plan.strategy).toEqual(local)
  }
  return local
}

async function flows(query: EngineQuery<FlowQuery>): Promise<Omit<FlowResult, 'plan'>> {
  const { plan: _plan, ...result } = await (await localEngine(fixture)).flows(query, callContext())
  return result
}

const compact = (answer: Answer) =>
  answer.users.map((user) => `${String(user.userId)}: ${user.sessionIds.join(' ')}`)

describe('flow users', () => {
  it('lists the users of a node with their sessions, in id order, totals as in the flow', async () => {
    const query = flowQuery({})
    expect(compact(await flowUsers(query, { kind: 'node', id: '1:/a' }))).toEqual([
      'u0: s7',
      'u1: s1',
      'u2: s3'
    ])
    expect(compact(await flowUsers(query, { kind: 'node', id: '0:/' }))).toEqual([
      'u0: s7',
      'u1: s1 s2',
      'u2: s3',
      'u3: s5',
      'u4: s6'
    ])
    // (other) at step 1 is /c (s2); (exit) at step 1 is s5 and s6; at step 2 s7 and s2.
    expect(compact(await flowUsers(query, { kind: 'node', id: '1:(other)' }))).toEqual(['u1: s2'])
    expect(compact(await flowUsers(query, { kind: 'node', id: '1:(exit)' }))).toEqual([
      'u3: s5',
      'u4: s6'
    ])
    expect(compact(await flowUsers(query, { kind: 'node', id: '2:(exit)' }))).toEqual([
      'u0: s7',
      'u1: s2'
    ])
  })

  it('equals every node and edge count of the flows result', async () => {
    for (const query of [
      flowQuery({}),
      flowQuery({ depth: 3, topN: 2 }),
      flowQuery({ direction: 'to', depth: 2, topN: 1 })
    ]) {
      const flow = await flows(query)
      for (const node of flow.nodes) {
        const answer = await flowUsers(query, { kind: 'node', id: node.id })
        expect([answer.total, answer.sessions], node.id).toEqual([node.users, node.sessions])
      }
      for (const edge of flow.edges) {
        const selection = { kind: 'edge', source: edge.source, target: edge.target } as const
        const answer = await flowUsers(query, selection)
        expect([answer.total, answer.sessions], `${edge.source} -> ${edge.target}`).toEqual([
          edge.users,
          edge.sessions
        ])
        expect(answer.users.flatMap((user) => user.sessionIds)).toHaveLength(edge.sessions)
      }
    }
  })

  it('selects edges in walking direction, (entry) included, for flows to a page', async () => {
    const query = flowQuery({ direction: 'to', depth: 2, topN: 1 })
    // Before /: s2 and s6 come from /x and /b (one kept, the other (other)), s1 s3 s5 s7 start there.
    expect(
      compact(await flowUsers(query, { kind: 'edge', source: '1:(entry)', target: '0:/' }))
    ).toEqual(['u0: s7', 'u1: s1', 'u2: s3', 'u3: s5'])
    const flow = await flows(query)
    expect(flow.nodes.map((n) => n.id)).toContain('1:(other)')
  })

  it('pages users with offset and limit, keeping the totals', async () => {
    const answer = await flowUsers(
      flowQuery({}),
      { kind: 'node', id: '0:/' },
      { offset: 1, limit: 2 }
    )
    expect(compact(answer)).toEqual(['u1: s1 s2', 'u2: s3'])
    expect([answer.total, answer.sessions, answer.page]).toEqual([5, 6, { offset: 1, limit: 2 }])
  })

  it('selects nobody at a node no session has, and refuses what is not a node or edge', async () => {
    const nobody = await flowUsers(flowQuery({}), { kind: 'node', id: '2:/nowhere' })
    expect([nobody.users, nobody.total, nobody.sessions]).toEqual([[], 0, 0])
    const engine = await localEngine(fixture)
    const users = { offset: 0, limit: 50 }
    for (const selection of [
      { kind: 'node', id: '/a' },
      { kind: 'node', id: '3:/a' },
      { kind: 'node', id: '0:/a' },
      { kind: 'edge', source: '0:/', target: '2:/a' },
      { kind: 'edge', source: '1:/a', target: '0:/' }
    ] as FlowSelection[]) {
      await expect(
        engine.flowUsers({ ...flowQuery({}), selection, users }, callContext()),
        JSON.stringify(selection)
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    }
  })
})

import { describe, expect, it } from 'vitest'
import type { EventDocument, SessionDocument } from '../../../src/shared/journeys/documents'
import type { FlowQuery } from '../../../src/shared/journeys/query-schemas'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import {
  buildFlowRankingPipeline,
  flowRankingFromRows,
  type FlowRankingRow
} from '../../../src/main/engine/pipelines'
import { runAggregate, type Collections } from './mingo-runner'
import { localEngineOver, testContext } from './parity-data'
import { pipelineFlows, withoutPlan } from './pipeline-answers'

const BASE = Date.UTC(2025, 2, 1)

/**
 * Sessions as page sequences (user in brackets): S1 [x] / P P Q, S2 [y] / P, S3 [x] / Q,
 * S4 [x] / R, S5 [z] X / / P. With the top 1 page at step 1 being P, `(other)` holds Q and R:
 * two sessions but one user, which no sum of per-page user counts can tell.
 */
function flowData(): Collections {
  const paths: [string, string, string[]][] = [
    ['S1', 'x', ['/', 'P', 'P', 'Q']],
    ['S2', 'y', ['/', 'P']],
    ['S3', 'x', ['/', 'Q']],
    ['S4', 'x', ['/', 'R']],
    ['S5', 'z', ['X', '/', '/', 'P']]
  ]
  const sessions: SessionDocument[] = []
  const events: EventDocument[] = []
  paths.forEach(([sessionId, userId, pages], s) => {
    sessions.push({ _id: sessionId, userId, startTime: new Date(BASE + s * 3_600_000) })
    pages.forEach((pageUrl, i) => {
      events.push({
        _id: `${sessionId}-${i}`,
        sessionId,
        userId,
        eventType: 'PAGE_VIEW',
        timestamp: new Date(BASE + s * 3_600_000 + i * 60_000),
        metadata: { pageUrl }
      })
    })
  })
  return { users: [], sessions, events }
}

const query = (extra: Partial<FlowQuery>): EngineQuery<FlowQuery> => ({
  range: {},
  segment: {},
  page: '/',
  direction: 'from',
  depth: 2,
  topN: 1,
  ...extra
})

describe('flow pipelines on hand-made sessions', () => {
  it('from: (other) has exact sessions and distinct users; paths go on through it', async () => {
    const q = query({})
    const { result } = pipelineFlows(flowData(), q)
    expect(result.sessions).toBe(5)
    expect(result.nodes).toEqual([
      { id: '0:/', step: 0, page: '/', sessions: 5, users: 3 },
      { id: '1:P', step: 1, page: 'P', sessions: 3, users: 3 },
      { id: '1:(other)', step: 1, page: '(other)', sessions: 2, users: 1 },
      { id: '2:(exit)', step: 2, page: '(exit)', sessions: 4, users: 3 },
      { id: '2:Q', step: 2, page: 'Q', sessions: 1, users: 1 }
    ])
    expect(result.edges).toEqual([
      { source: '0:/', target: '1:P', sessions: 3, users: 3 },
      { source: '0:/', target: '1:(other)', sessions: 2, users: 1 },
      { source: '1:(other)', target: '2:(exit)', sessions: 2, users: 1 },
      { source: '1:P', target: '2:(exit)', sessions: 2, users: 2 },
      { source: '1:P', target: '2:Q', sessions: 1, users: 1 }
    ])
    expect(result).toEqual(
      withoutPlan(await (await localEngineOver(flowData())).flows(q, testContext()))
    )
  })

  it('to: walks backwards from the first view, edges point forward in time', async () => {
    const q = query({ page: 'P', direction: 'to', topN: 5 })
    const { result } = pipelineFlows(flowData(), q)
    expect(result.nodes.map((n) => [n.id, n.sessions, n.users])).toEqual([
      ['0:P', 3, 3],
      ['1:/', 3, 3],
      ['2:(entry)', 2, 2],
      ['2:X', 1, 1]
    ])
    expect(result.edges.map((e) => [e.source, e.target, e.sessions])).toEqual([
      ['1:/', '0:P', 3],
      ['2:(entry)', '1:/', 2],
      ['2:X', '1:/', 1]
    ])
    expect(result).toEqual(
      withoutPlan(await (await localEngineOver(flowData())).flows(q, testContext()))
    )
  })

  it('a page nobody viewed gives an empty flow', () => {
    const { result } = pipelineFlows(flowData(), query({ page: '/nowhere' }))
    expect(result).toEqual({ nodes: [], edges: [], sessions: 0, keptPerStep: query({}).topN })
  })

  it('ranking returns only the top N per step, and counts capped sessions', () => {
    const rows = runAggregate<FlowRankingRow>(
      flowData(),
      buildFlowRankingPipeline(query({}), { maxEventsPerArray: 2 })
    )
    const ranking = flowRankingFromRows(query({}), rows)
    // S1 (4 views) and S5 (4 views) are cut to their first 2: S5 keeps X / and stays in the flow.
    expect(ranking.cappedSessions).toBe(2)
    expect(ranking.sessions).toBe(5)
    expect(ranking.keptPages[1]).toEqual(['P'])
    expect(rows.filter((r) => r._id.step === 1)).toHaveLength(1)
  })
})

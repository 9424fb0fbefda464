import { describe, expect, it } from 'vitest'
import type { EventDocument } from '../../../src/shared/journeys/documents'
import type { FlowQuery } from '../../../src/shared/journeys/query-schemas'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import {
  flowKeptPerStep,
  flowMayPassBudget,
  GRAPH_BUDGET
} from '../../../src/main/engine/rules/flow-budget'
import type { Collections } from './mingo-runner'
import { localEngineOver, testContext } from './parity-data'
import { PARITY_TIMEOUT_MS } from './parity-queries'
import { pipelineFlows, pipelineFlowUsers, withoutPlan } from './pipeline-answers'

const T0 = Date.UTC(2025, 0, 1)

/**
 * 500 sessions of 12 page views each from `/`, wandering over 150 pages with a skew (so ranks
 * differ) and never viewing one page twice in a row (so nobody exits before step 11): at topN 50
 * and depth 10 the unfolded graph has far more than 1,000 edges.
 */
function wanderingSessions(): Collections {
  let seed = 12345
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  const events: EventDocument[] = []
  for (let s = 0; s < 500; s++) {
    const sessionId = `s${String(s).padStart(4, '0')}`
    const userId = `u${String(s % 300).padStart(3, '0')}`
    let previous = ''
    for (let i = 0; i < 12; i++) {
      let page = '/'
      while (i > 0 && (page === '/' || page === previous)) {
        page = `/p/${Math.floor(150 * random() ** 2)}`
      }
      previous = page
      events.push({
        _id: `${sessionId}-${String(i).padStart(2, '0')}`,
        userId,
        sessionId,
        eventType: 'PAGE_VIEW',
        timestamp: new Date(T0 + s * 3_600_000 + i * 1000),
        metadata: { pageUrl: page }
      })
    }
  }
  return { users: [], sessions: [], events }
}

const query: EngineQuery<FlowQuery> = {
  range: {},
  segment: {},
  page: '/',
  direction: 'from',
  depth: 10,
  topN: 50
}

describe('flow graph budget (500 nodes, 1,000 edges)', () => {
  it(
    'keeps fewer pages per step when needed, with exact counts, in the pipeline and the reducers alike',
    async () => {
      const { result } = pipelineFlows(wanderingSessions(), query)
      const local = withoutPlan(
        await (await localEngineOver(wanderingSessions())).flows(query, testContext())
      )
      expect(result).toEqual(local)
      expect(result.keptPerStep).toBeLessThan(50)
      expect(result.keptPerStep).toBeGreaterThan(1)
      expect(result.nodes.length).toBeLessThanOrEqual(GRAPH_BUDGET.nodes)
      expect(result.edges.length).toBeLessThanOrEqual(GRAPH_BUDGET.edges)
      // Folding loses nothing: every step still holds all 1,500 sessions (none exits before 11 views).
      for (let step = 0; step <= 10; step++) {
        const atStep = result.nodes.filter((node) => node.step === step)
        expect(
          atStep.reduce((sum, node) => sum + node.sessions, 0),
          `step ${step}`
        ).toBe(500)
        if (step > 0) expect(atStep.length).toBe(result.keptPerStep + 1) // kept pages + (other)
      }
      // The largest number that fits: one more page per step would break the budget.
      const wider = pipelineFlows(wanderingSessions(), { ...query, topN: result.keptPerStep + 1 })
      expect(wider.result.keptPerStep).toBe(result.keptPerStep)
      const plan = (await (await localEngineOver(wanderingSessions())).flows(query, testContext()))
        .plan
      expect(plan.notes.join('\n')).toContain(
        `Kept the top ${result.keptPerStep} pages of each step instead of 50`
      )
    },
    PARITY_TIMEOUT_MS
  )

  it(
    'gives flow users of the folded graph: (other) at a step equals its node',
    async () => {
      const { result } = pipelineFlows(wanderingSessions(), query)
      const engine = await localEngineOver(wanderingSessions())
      for (const id of ['4:(other)', result.nodes.find((n) => n.step === 7)?.id ?? '']) {
        const node = result.nodes.find((n) => n.id === id)
        const users = {
          ...query,
          selection: { kind: 'node' as const, id },
          users: { offset: 0, limit: 5 }
        }
        const local = withoutPlan(await engine.flowUsers(users, testContext()))
        expect([local.total, local.sessions]).toEqual([node?.users, node?.sessions])
        expect(pipelineFlowUsers(wanderingSessions(), users)).toEqual(local)
      }
    },
    PARITY_TIMEOUT_MS
  )

  it('checks the worst case: 50 pages a step over 10 steps cannot stay under the budget unfolded', () => {
    const ranked = [
      [],
      ...Array.from({ length: 10 }, (_, j) => Array.from({ length: 50 }, (_, i) => `/${j}/${i}`))
    ]
    expect(flowMayPassBudget(ranked)).toBe(true)
    // Every page at every step, every pair joined: the budget finds a number that fits.
    const nodes = [{ step: 0, name: '/' }]
    const edges = []
    for (let j = 1; j <= 10; j++) {
      for (const name of [...(ranked[j] ?? []), '(other)', '(exit)']) nodes.push({ step: j, name })
      const sources = j === 1 ? ['/'] : [...(ranked[j - 1] ?? []), '(other)']
      for (const from of sources) {
        for (const to of [...(ranked[j] ?? []), '(other)', '(exit)'])
          edges.push({ step: j, from, to })
      }
    }
    const kept = flowKeptPerStep({ topN: 50 }, ranked, { nodes, edges })
    // 1 + 3 + 9 * (k + 1) * (k + 3) edges <= 1,000 holds up to k = 8.
    expect(kept).toBe(8)
    expect(flowMayPassBudget([[], ['/a'], ['/b']])).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../src/shared/journeys/documents'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import { GRAPH_BUDGET } from '../../../src/main/engine/rules/flow-budget'
import { journeyGraphWithinBudget } from '../../../src/main/engine/rules/journey-graph-budget'
import { mingoDb } from '../mongo-engines/mingo-db'
import type { Collections } from '../pipelines/mingo-runner'
import { localEngineOver, testContext } from '../pipelines/parity-data'
import { pipelineCaseFile } from '../pipelines/pipeline-answers'

const T0 = Date.UTC(2025, 2, 1)

/** One crawler-like customer: 60 sessions of 40 views over 1,500 distinct pages. */
function busyCustomer(): Collections {
  let seed = 7
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  const user: UserDocument = {
    _id: 'crawler',
    name: 'Crawler',
    email: 'crawler@example.com',
    createdAt: new Date(T0),
    lastActiveAt: new Date(T0)
  }
  const sessions: SessionDocument[] = []
  const events: EventDocument[] = []
  for (let s = 0; s < 60; s++) {
    const sessionId = `s${String(s).padStart(2, '0')}`
    sessions.push({ _id: sessionId, userId: 'crawler', startTime: new Date(T0 + s * 3_600_000) })
    for (let i = 0; i < 40; i++) {
      const page = `/p/${Math.floor(1500 * random() ** 1.5)}`
      events.push({
        _id: `${sessionId}-${String(i).padStart(2, '0')}`,
        userId: 'crawler',
        sessionId,
        eventType: 'PAGE_VIEW',
        timestamp: new Date(T0 + s * 3_600_000 + i * 1000),
        metadata: { pageUrl: page, ...(i % 3 === 0 ? { duration: i } : {}) }
      })
    }
  }
  return { users: [user], sessions, events }
}

describe('journey graph budget (500 nodes, 1,000 edges)', () => {
  it('folds the least viewed pages into (other) with exact counts, in every strategy', async () => {
    const query = { userId: 'crawler', sessions: { offset: 0, limit: 1 } }
    const { plan, ...local } = await (
      await localEngineOver(busyCustomer())
    ).customerCaseFile(query, testContext())
    const graph = local.journey
    expect(graph.foldedPages).toBeGreaterThan(0)
    expect(graph.nodes.length).toBeLessThanOrEqual(GRAPH_BUDGET.nodes)
    expect(graph.edges.length).toBeLessThanOrEqual(GRAPH_BUDGET.edges)
    expect(plan.notes.join('\n')).toContain(
      `folds the ${graph.foldedPages} least viewed pages into (other)`
    )
    // Nothing is lost: views add up to the 2,400 page views, edges to the transitions.
    const pages = graph.nodes.filter((n) => n.id !== '(entry)' && n.id !== '(exit)')
    expect(pages.reduce((sum, n) => sum + n.views, 0)).toBe(2400)
    const other = graph.nodes.find((n) => n.id === '(other)')
    expect(other?.views).toBeGreaterThan(0)
    const entries = graph.edges.filter((e) => e.source === '(entry)')
    expect(entries.reduce((sum, e) => sum + e.count, 0)).toBe(60)
    // Every kept page has at least the views of any folded one.
    const keptViews = pages.filter((n) => n.id !== '(other)').map((n) => n.views)
    expect(Math.min(...keptViews)).toBeGreaterThan(0)
    expect(pipelineCaseFile(busyCustomer(), query)?.journey).toEqual(graph)
    const reducer = await new ReducerEngine(mingoDb(busyCustomer())).customerCaseFile(
      query,
      testContext()
    )
    expect(reducer.journey).toEqual(graph)
  })

  it('keeps every page when the graph fits, and finds the largest number that does', () => {
    const pages = Array.from({ length: 600 }, (_, i) => ({
      page: `/${String(i).padStart(3, '0')}`,
      views: 600 - i,
      durationSum: 10,
      durationCount: 2
    }))
    const chain = pages.slice(0, 100).map((p, i) => ({
      source: i === 0 ? '(entry)' : (pages[i - 1]?.page as string),
      target: p.page,
      count: 1
    }))
    const small = journeyGraphWithinBudget(pages.slice(0, 100), chain, 1)
    expect([small.foldedPages, small.nodes.length]).toEqual([0, 102])
    // 600 pages: 497 kept + (other) + (entry) + (exit) = 500 nodes.
    const large = journeyGraphWithinBudget(pages, chain, 1)
    expect([large.foldedPages, large.nodes.length]).toEqual([103, 500])
    expect(large.nodes.find((n) => n.id === '(other)')).toEqual({
      id: '(other)',
      page: '(other)',
      views: (103 * 104) / 2,
      meanSecondsOnPage: 5
    })
  })
})

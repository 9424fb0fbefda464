import { beforeAll, describe, expect, it } from 'vitest'
import {
  funnelStepSchema,
  type FunnelMode,
  type FunnelStep
} from '../../../src/shared/journeys/query-schemas'
import type { JourneyEngine } from '../../../src/main/engine/journey-engine'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import { PipelineEngine } from '../../../src/main/engine/mongo/pipeline-engine'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import { FREE_TEXT_EVENT_TYPES, freeTextNamesData } from '../../fixtures/free-text-names'
import { localEngineOver, testContext } from '../pipelines/parity-data'
import { mingoDb } from './mingo-db'

const answer = <T extends { plan: unknown }>(result: T): Omit<T, 'plan'> => {
  const { plan: _plan, ...rest } = result
  return rest
}

/*
 * Event types and pages that are free text ($pageview, dots, colons, spaces, unicode, regex
 * characters): the three strategies must treat them as values and give one answer.
 */
describe('free-text event types and pages, in every strategy', () => {
  let local: LocalJourneyEngine
  let engines: [string, JourneyEngine][]

  beforeAll(async () => {
    local = await localEngineOver(freeTextNamesData())
    const db = mingoDb(freeTextNamesData())
    engines = [
      ['pipeline', new PipelineEngine(db)],
      ['reducer', new ReducerEngine(db)]
    ]
  })

  it('the step schema takes any event type as text', () => {
    for (const eventType of FREE_TEXT_EVENT_TYPES) {
      expect(funnelStepSchema.parse({ eventType })).toEqual({ eventType })
    }
  })

  const STEPS: FunnelStep[] = [
    { eventType: '$pageview', pageUrl: '/$home' },
    { eventType: 'PAGE_VIEW', pageUrl: '/search?q=a.b*' },
    { eventType: 'Order Completed' }
  ]

  for (const mode of ['ordered', 'strict', 'any'] as FunnelMode[]) {
    it(`funnel (${mode}) over $pageview, a regex-looking prefix and Order Completed`, async () => {
      const query = { range: {}, segment: {}, steps: STEPS, mode, windowSeconds: 3600 }
      const expected = answer(await local.funnel(query, testContext()))
      if (mode === 'ordered') {
        // ana and bo: all three; dee: no order; cy's $pageview is on another page.
        expect(expected.steps.map((s) => s.users)).toEqual([3, 3, 2])
        expect(expected.steps.map((s) => s.label)).toEqual([
          '$pageview /$home',
          'PAGE_VIEW /search?q=a.b*',
          'Order Completed'
        ])
      }
      for (const [strategy, engine] of engines) {
        expect(answer(await engine.funnel(query, testContext())), strategy).toEqual(expected)
      }
      const usersQuery = {
        ...query,
        step: 3,
        outcome: 'reached' as const,
        page: { offset: 0, limit: 10 }
      }
      const expectedUsers = answer(await local.funnelUsers(usersQuery, testContext()))
      for (const [strategy, engine] of engines) {
        expect(answer(await engine.funnelUsers(usersQuery, testContext())), strategy).toEqual(
          expectedUsers
        )
      }
    })
  }

  it('funnels over event types that name operators, paths, colons and unicode', async () => {
    for (const steps of [
      [{ eventType: '$literal' }, { eventType: '$pageview' }],
      [{ eventType: 'ünïcödé 🛒' }, { eventType: '$pageview', pageUrl: '/$ho*' }],
      [{ eventType: 'app.screen:viewed' }, { eventType: 'Order Completed' }]
    ]) {
      const query = { range: {}, segment: {}, steps, mode: 'ordered' as const, windowSeconds: 600 }
      const expected = answer(await local.funnel(query, testContext()))
      expect(expected.steps[1]?.users, JSON.stringify(steps)).toBe(1)
      for (const [strategy, engine] of engines) {
        expect(answer(await engine.funnel(query, testContext())), strategy).toEqual(expected)
      }
    }
  })

  it('flows and flow users from a page named with $ and through a page with regex characters', async () => {
    const query = {
      range: {},
      segment: {},
      page: '/$home',
      direction: 'from' as const,
      depth: 3,
      topN: 5
    }
    const expected = answer(await local.flows(query, testContext()))
    expect(expected.nodes.map((node) => node.id)).toContain('1:/search?q=a.b*')
    for (const [strategy, engine] of engines) {
      expect(answer(await engine.flows(query, testContext())), strategy).toEqual(expected)
    }
    const usersQuery = {
      ...query,
      selection: { kind: 'edge' as const, source: '0:/$home', target: '1:/search?q=a.b*' },
      users: { offset: 0, limit: 10 }
    }
    const expectedUsers = answer(await local.flowUsers(usersQuery, testContext()))
    // dee views the search page before /$home, not after.
    expect(expectedUsers.users.map((user) => user.userId)).toEqual(['ana', 'bo'])
    for (const [strategy, engine] of engines) {
      expect(answer(await engine.flowUsers(usersQuery, testContext())), strategy).toEqual(
        expectedUsers
      )
    }
  })

  it('overview and catalogue list the names as they are', async () => {
    const overview = { range: {}, segment: {}, timeZone: 'UTC', topPages: 10 }
    const expected = answer(await local.overview(overview, testContext()))
    for (const [strategy, engine] of engines) {
      expect(answer(await engine.overview(overview, testContext())), strategy).toEqual(expected)
    }
    const catalogue = answer(await local.catalogue({ refresh: false }, testContext()))
    const { computedAt: _at, ...lists } = catalogue
    expect(lists.eventTypes.map((t) => t.name).sort()).toEqual(
      [...FREE_TEXT_EVENT_TYPES, 'PAGE_VIEW', 'PURCHASE'].sort()
    )
    expect(lists.browsers).toEqual([
      { name: 'Chrome', sessions: 3 },
      { name: '$browser', sessions: 1 },
      { name: 'Firefox', sessions: 1 }
    ])
    for (const [strategy, engine] of engines) {
      const { computedAt, ...other } = answer(
        await engine.catalogue({ refresh: false }, testContext())
      )
      expect(computedAt).toBeInstanceOf(Date)
      expect(other, strategy).toEqual(lists)
    }
    for (const pagePrefix of ['/search?q=a.', '/$', '/caf', '/search?q=a.b*']) {
      const prefixed = answer(await local.catalogue({ refresh: false, pagePrefix }, testContext()))
      expect(prefixed.pages.length, pagePrefix).toBeGreaterThan(0)
      expect(prefixed.pages.every((p) => p.page.startsWith(pagePrefix))).toBe(true)
      for (const [strategy, engine] of engines) {
        const result = answer(await engine.catalogue({ refresh: false, pagePrefix }, testContext()))
        expect([result.pages, result.pagesTotal], strategy).toEqual([
          prefixed.pages,
          prefixed.pagesTotal
        ])
      }
    }
  })
})

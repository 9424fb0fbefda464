import { beforeAll, describe, expect, it } from 'vitest'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import type { Collections } from './mingo-runner'
import { localEngineOver, parityCollections, testContext } from './parity-data'
import { FLOWS, OBJECT_ID_EVENTS, PARITY_EVENTS, PARITY_TIMEOUT_MS } from './parity-queries'
import { pipelineFlows, pipelineFlowUsers, withoutPlan } from './pipeline-answers'

/** The most viewed product page, so the product flow has sessions whatever the data size. */
function popularProductPage(data: Collections): string {
  const views = new Map<string, number>()
  for (const event of data.events) {
    const url = event.metadata?.pageUrl
    if (event.eventType === 'PAGE_VIEW' && typeof url === 'string' && url.startsWith('/product/')) {
      views.set(url, (views.get(url) ?? 0) + 1)
    }
  }
  return [...views.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '/'
}

for (const [idKind, events] of [
  ['string', PARITY_EVENTS],
  ['objectId', OBJECT_ID_EVENTS]
] as const) {
  describe(`flow parity on ${events.toLocaleString('en-US')} generated events (${idKind} ids)`, () => {
    let data: Collections
    let engine: LocalJourneyEngine

    beforeAll(async () => {
      const options = { seed: 23, events, idKind, oddities: true }
      data = parityCollections(options)
      engine = await localEngineOver(parityCollections(options))
    }, PARITY_TIMEOUT_MS)

    for (const [name, template] of Object.entries(FLOWS)) {
      it(
        name,
        async () => {
          const query =
            template.page === '{popular}'
              ? { ...template, page: popularProductPage(data) }
              : template
          const { result, ranking } = pipelineFlows(data, query)
          const expected = withoutPlan(await engine.flows(query, testContext()))
          expect(ranking.cappedSessions).toBe(0)
          expect(result.sessions).toBeGreaterThan(0)
          expect(result).toEqual(expected)
          // Flow users behind an edge into (other) (else the busiest edge): pipeline = reducers.
          const edge =
            expected.edges.find((e) => e.target.endsWith(':(other)')) ?? expected.edges[0]
          if (!edge) throw new Error('a flow without edges')
          const usersQuery = {
            ...query,
            selection: { kind: 'edge' as const, source: edge.source, target: edge.target },
            users: { offset: 2, limit: 30 }
          }
          const expectedUsers = withoutPlan(await engine.flowUsers(usersQuery, testContext()))
          expect([expectedUsers.total, expectedUsers.sessions]).toEqual([edge.users, edge.sessions])
          expect(pipelineFlowUsers(data, usersQuery)).toEqual(expectedUsers)
        },
        PARITY_TIMEOUT_MS
      )
    }
  })
}

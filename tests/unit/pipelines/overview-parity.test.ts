import { beforeAll, describe, expect, it } from 'vitest'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import type { Collections } from './mingo-runner'
import { localEngineOver, parityCollections, testContext } from './parity-data'
import { OBJECT_ID_EVENTS, OVERVIEWS, PARITY_EVENTS, PARITY_TIMEOUT_MS } from './parity-queries'
import { pipelineOverview, withoutPlan } from './pipeline-answers'

for (const [idKind, events] of [
  ['string', PARITY_EVENTS],
  ['objectId', OBJECT_ID_EVENTS]
] as const) {
  describe(`overview parity on ${events.toLocaleString('en-US')} generated events (${idKind} ids)`, () => {
    let data: Collections
    let engine: LocalJourneyEngine

    beforeAll(async () => {
      const options = { seed: 31, events, idKind, oddities: true }
      data = parityCollections(options)
      engine = await localEngineOver(parityCollections(options))
    }, PARITY_TIMEOUT_MS)

    const queries =
      idKind === 'string' ? Object.entries(OVERVIEWS) : Object.entries(OVERVIEWS).slice(0, 1)
    for (const [name, query] of queries) {
      it(
        name,
        async () => {
          const result = pipelineOverview(data, query)
          const expected = withoutPlan(await engine.overview(query, testContext()))
          expect(result.totals.sessions).toBeGreaterThan(0)
          expect(result).toEqual(expected)
        },
        PARITY_TIMEOUT_MS
      )
    }
  })
}

import { beforeAll, describe, expect, it } from 'vitest'
import type { FunnelMode } from '../../../src/shared/journeys/query-schemas'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import type { Collections } from './mingo-runner'
import { localEngineOver, parityCollections, testContext } from './parity-data'
import {
  FUNNEL_MODES,
  FUNNELS,
  OBJECT_ID_EVENTS,
  PARITY_EVENTS,
  PARITY_TIMEOUT_MS
} from './parity-queries'
import { pipelineFunnel, pipelineFunnelUsers, withoutPlan } from './pipeline-answers'

/**
 * The funnel pipelines (run in mingo) against the reducers (the local engine) on generated data:
 * every funnel of the matrix in every mode, with breakdowns and segments, then funnel users.
 */
describe(`funnel parity on ${PARITY_EVENTS.toLocaleString('en-US')} generated events`, () => {
  let data: Collections
  let engine: LocalJourneyEngine

  beforeAll(async () => {
    const options = { seed: 11, events: PARITY_EVENTS, idKind: 'string' as const, oddities: true }
    data = parityCollections(options)
    engine = await localEngineOver(parityCollections(options))
  }, PARITY_TIMEOUT_MS)

  for (const [name, shape] of Object.entries(FUNNELS)) {
    for (const mode of FUNNEL_MODES) {
      it(
        `${mode}: ${name}`,
        async () => {
          const query = { ...shape, mode }
          const { result, cappedUsers } = pipelineFunnel(data, query)
          const expected = withoutPlan(await engine.funnel(query, testContext()))
          expect(cappedUsers).toBe(0)
          expect(result.steps[0]?.users).toBeGreaterThan(0)
          expect(result).toEqual(expected)
        },
        PARITY_TIMEOUT_MS
      )
    }
  }

  it(
    'ordered funnel users: reached, paged',
    async () => {
      const shape = FUNNELS['home, product*, cart, purchase; 1 day; by browser']
      if (!shape) throw new Error('missing funnel')
      // Dropped users are checked on the ObjectId data set below.
      for (const [step, outcome, offset, limit] of [[2, 'reached', 10, 25]] as const) {
        const query = {
          ...shape,
          mode: 'ordered' as FunnelMode,
          step,
          outcome,
          page: { offset, limit }
        }
        const expected = withoutPlan(await engine.funnelUsers(query, testContext()))
        expect(pipelineFunnelUsers(data, query).result).toEqual(expected)
        expect(expected.total).toBeGreaterThan(0)
      }
    },
    PARITY_TIMEOUT_MS
  )
})

describe(`funnel parity with ObjectId ids on ${OBJECT_ID_EVENTS.toLocaleString('en-US')} events`, () => {
  let data: Collections
  let engine: LocalJourneyEngine

  beforeAll(async () => {
    const options = {
      seed: 5,
      events: OBJECT_ID_EVENTS,
      idKind: 'objectId' as const,
      oddities: true
    }
    data = parityCollections(options)
    engine = await localEngineOver(parityCollections(options))
  }, PARITY_TIMEOUT_MS)

  const shape = FUNNELS['home, product*, cart, purchase; 1 day; by browser']
  for (const mode of FUNNEL_MODES) {
    it(
      `${mode}: funnel with breakdown, then users reached and dropped in BSON id order`,
      async () => {
        if (!shape) throw new Error('missing funnel')
        const query = { ...shape, mode }
        expect(pipelineFunnel(data, query).result).toEqual(
          withoutPlan(await engine.funnel(query, testContext()))
        )
        for (const [step, outcome] of [
          [2, 'reached'],
          [3, 'dropped']
        ] as const) {
          const usersQuery = { ...query, step, outcome, page: { offset: 3, limit: 40 } }
          expect(pipelineFunnelUsers(data, usersQuery).result).toEqual(
            withoutPlan(await engine.funnelUsers(usersQuery, testContext()))
          )
        }
      },
      PARITY_TIMEOUT_MS
    )
  }

  it(
    'a small cap: capped users are counted and evaluated on their first events',
    async () => {
      if (!shape) throw new Error('missing funnel')
      const query = { ...shape, mode: 'strict' as const, breakdown: undefined }
      const { result, cappedUsers } = pipelineFunnel(data, query, { maxEventsPerArray: 200 })
      // Crawlers have hundreds of page views; the reducers have no cap, so counts may only drop.
      expect(cappedUsers).toBeGreaterThan(0)
      const uncapped = withoutPlan(await engine.funnel(query, testContext()))
      expect(result.steps[0]?.users).toBeLessThanOrEqual(uncapped.steps[0]?.users ?? 0)
    },
    PARITY_TIMEOUT_MS
  )
})

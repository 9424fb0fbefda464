import { beforeAll, describe, expect, it } from 'vitest'
import type { JourneyEngine } from '../../../src/main/engine/journey-engine'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import { PipelineEngine } from '../../../src/main/engine/mongo/pipeline-engine'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import type { FlowSelection } from '../../../src/shared/journeys/query-schemas'
import type { Progress } from '../../../src/shared/rpc/contract'
import type { Collections } from '../pipelines/mingo-runner'
import { localEngineOver, parityCollections } from '../pipelines/parity-data'
import { FLOWS, FUNNEL_MODES, FUNNELS, OVERVIEWS } from '../pipelines/parity-queries'
import { expectSubstance, substanceOf } from '../../helpers/answer-substance'
import { funnelDrills } from '../../helpers/funnel-drills'
import { mingoDb } from './mingo-db'

/*
 * The two MongoDB engines run their real code (cursor draining, grouping, row readers, plans) over a
 * driver-shaped Db backed by mingo, and must answer as the local engine does, on generated data with
 * the hand-made oddities (mixed id types, missing sessions, odd metadata, equal timestamps).
 */

const context = (progress: Progress[] = []) => ({
  signal: new AbortController().signal,
  reportProgress: (p: Progress) => progress.push(p)
})
const answer = <T extends { plan: unknown }>(result: T): Omit<T, 'plan'> => {
  const { plan: _plan, ...rest } = result
  return rest
}

describe.each(['string', 'objectId'] as const)('engines over mingo, %s ids', (idKind) => {
  let data: Collections
  let local: LocalJourneyEngine
  let engines: [string, JourneyEngine][]
  const calls: string[] = []

  beforeAll(async () => {
    data = parityCollections({ seed: 31, events: 6000, idKind, oddities: true })
    local = await localEngineOver(data)
    const db = mingoDb(data, calls)
    engines = [
      ['pipeline', new PipelineEngine(db)],
      ['reducer', new ReducerEngine(db, { strategyNote: 'forced for the test' })]
    ]
  })

  for (const mode of FUNNEL_MODES) {
    for (const [name, shape] of Object.entries(FUNNELS)) {
      it(`funnel ${mode}: ${name}`, async () => {
        const query = { ...shape, mode }
        const expected = await local.funnel(query, context())
        expectSubstance(expected, `funnel ${mode}: ${name}`)
        for (const [strategy, engine] of engines) {
          const result = await engine.funnel(query, context())
          expect(result.plan.strategy).toBe(strategy)
          expect(answer(result), strategy).toEqual(answer(expected))
        }
        // Users who dropped at step 2 from the second on; where the small data set has none
        // there, the first step and outcome that lists someone (two empty lists prove nothing).
        const candidates = [2, 1, 3, 4].flatMap((step) =>
          (['dropped', 'reached'] as const).flatMap((outcome) =>
            [1, 0].map((offset) => ({ ...query, step, outcome, page: { offset, limit: 7 } }))
          )
        )
        let usersQuery = candidates[0] as (typeof candidates)[number]
        let expectedUsers = await local.funnelUsers(usersQuery, context())
        for (const candidate of candidates.slice(1)) {
          if (substanceOf(expectedUsers) > 0 || candidate.step > query.steps.length) continue
          usersQuery = candidate
          expectedUsers = await local.funnelUsers(candidate, context())
        }
        expectSubstance(expectedUsers, `funnel users ${mode}: ${name}`)
        expect(expectedUsers.users.some((user) => user.name !== null && user.email !== null)).toBe(
          true
        )
        for (const [strategy, engine] of engines) {
          expect(answer(await engine.funnelUsers(usersQuery, context())), strategy).toEqual(
            answer(expectedUsers)
          )
        }
        // Drill-downs from a breakdown bar and a time-to-convert bucket: exactly the users the
        // funnel counts there, the same on every engine.
        const drills = funnelDrills(expected, query)
        expect(drills.length).toBeGreaterThan(0)
        for (const drill of drills) {
          const expectedDrill = await local.funnelUsers(drill.query, context())
          expect(expectedDrill.total, drill.label).toBe(drill.users)
          for (const [strategy, engine] of engines) {
            expect(
              answer(await engine.funnelUsers(drill.query, context())),
              `${strategy}, ${drill.label}`
            ).toEqual(answer(expectedDrill))
          }
        }
        // The drills run each funnel a few more times on three engines.
      }, 180_000)
    }
  }

  for (const [name, query] of Object.entries(FLOWS)) {
    it(`flows: ${name}`, async () => {
      const resolved = { ...query, page: query.page === '{popular}' ? '/cart' : query.page }
      const expected = await local.flows(resolved, context())
      expectSubstance(expected, `flows: ${name}`)
      for (const [strategy, engine] of engines) {
        expect(answer(await engine.flows(resolved, context())), strategy).toEqual(answer(expected))
      }
      // Flow users of an (other) or last-step node, a bound node and the busiest edge.
      const { nodes, edges } = expected
      const picks: { selection: FlowSelection; counts: { users: number; sessions: number } }[] = []
      for (const node of [
        nodes.find((n) => n.page === '(other)') ?? nodes.at(-1),
        nodes.find((n) => n.page === '(exit)' || n.page === '(entry)')
      ]) {
        if (node) picks.push({ selection: { kind: 'node', id: node.id }, counts: node })
      }
      const edge = edges[0]
      if (edge) {
        picks.push({
          selection: { kind: 'edge', source: edge.source, target: edge.target },
          counts: edge
        })
      }
      expect(picks.length).toBeGreaterThanOrEqual(2)
      for (const { selection, counts } of picks) {
        const usersQuery = { ...resolved, selection, users: { offset: 1, limit: 4 } }
        const expectedUsers = answer(await local.flowUsers(usersQuery, context()))
        expect([expectedUsers.total, expectedUsers.sessions]).toEqual([
          counts.users,
          counts.sessions
        ])
        for (const [strategy, engine] of engines) {
          expect(answer(await engine.flowUsers(usersQuery, context())), strategy).toEqual(
            expectedUsers
          )
        }
      }
    })
  }

  for (const [name, query] of Object.entries(OVERVIEWS)) {
    it(`overview: ${name}`, async () => {
      const expected = await local.overview(query, context())
      expectSubstance(expected, `overview: ${name}`)
      for (const [strategy, engine] of engines) {
        expect(answer(await engine.overview(query, context())), strategy).toEqual(answer(expected))
      }
    })
  }

  it('customer search and case files', async () => {
    const someId = String(data.users[3]?._id)
    for (const text of ['a', 'EL', someId, someId.toUpperCase(), '(', 'nobody']) {
      const expected = await local.searchCustomers({ text, limit: 20 }, context())
      // Two empty lists agree too: a user's own id and a common letter must find someone.
      if (text === someId || text === 'a') expectSubstance(expected, `search ${text}`)
      for (const [strategy, engine] of engines) {
        expect(
          answer(await engine.searchCustomers({ text, limit: 20 }, context())),
          strategy
        ).toEqual(answer(expected))
      }
    }
    // The last user of the parity data has no sessions on purpose; the others must show some.
    for (const [index, user] of [data.users[0], data.users[3], data.users.at(-1)].entries()) {
      const query = { userId: String(user?._id), sessions: { offset: 1, limit: 2 } }
      const expected = await local.customerCaseFile(query, context())
      expect(expected.user._id, query.userId).toEqual(user?._id)
      if (index < 2) expectSubstance(expected, `case file of ${query.userId}`)
      for (const [strategy, engine] of engines) {
        expect(answer(await engine.customerCaseFile(query, context())), strategy).toEqual(
          answer(expected)
        )
      }
    }
  })

  it('reports progress, prints its finds in the plan and answers NOT_FOUND alike', async () => {
    const progress: Progress[] = []
    const [, reducer] = engines[1] as [string, JourneyEngine]
    const [shape] = Object.values(FUNNELS)
    if (!shape) throw new Error('no funnel in the query matrix')
    const result = await reducer.funnel({ ...shape, mode: 'strict' }, context(progress))
    expect(progress.at(-1)).toMatchObject({ phase: 'Reading events', done: data.events.length })
    expect(result.plan.notes).toEqual(['forced for the test'])
    expect(result.plan.steps.map((step) => [step.collection, step.operation])).toEqual([
      ['sessions', 'find'],
      ['events', 'find']
    ])
    expect(result.plan.steps[1]?.sort).toEqual({ userId: 1, timestamp: 1, _id: 1 })
    for (const [, engine] of engines) {
      await expect(
        engine.customerCaseFile(
          { userId: 'no-such-user', sessions: { offset: 0, limit: 5 } },
          context()
        )
      ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
  })

  it('stops with CANCELLED when aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const [query] = Object.values(OVERVIEWS)
    if (!query) throw new Error('no overview in the query matrix')
    for (const [, engine] of engines) {
      await expect(
        engine.overview(query, {
          signal: controller.signal,
          reportProgress: () => undefined
        })
      ).rejects.toMatchObject({ code: 'CANCELLED' })
    }
  })
})

import { beforeAll, describe, expect, it } from 'vitest'
import type { JourneyEngine } from '../../../src/main/engine/journey-engine'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import { PipelineEngine } from '../../../src/main/engine/mongo/pipeline-engine'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import { idKey } from '../../../src/main/engine/rules/id-key'
import type { FunnelUsersRowsQuery, RowStream } from '../../../src/main/engine/row-sources'
import type { Progress } from '../../../src/shared/rpc/contract'
import type { Collections } from '../pipelines/mingo-runner'
import { localEngineOver, parityCollections } from '../pipelines/parity-data'
import { FUNNEL_MODES, FUNNELS } from '../pipelines/parity-queries'
import { mingoDb } from './mingo-db'

/*
 * The row sources of the two MongoDB engines (their real cursor code, over a driver-shaped Db backed
 * by mingo) give the local engine's rows, on generated data with the hand-made oddities (mixed id
 * types, missing sessions, odd metadata, equal timestamps), and as many as the paged queries count.
 */

const context = (progress: Progress[] = []) => ({
  signal: new AbortController().signal,
  reportProgress: (p: Progress) => progress.push(p)
})

async function all<T>(stream: Promise<RowStream<T>>): Promise<T[]> {
  const rows: T[] = []
  for await (const row of (await stream).rows) rows.push(row)
  return rows
}

/** Rows in one order whatever order the engine streams them in (by their first id). */
function byId<T>(rows: T[], id: (row: T) => unknown): T[] {
  return [...rows].sort((a, b) => (idKey(id(a)) < idKey(id(b)) ? -1 : 1))
}

describe.each(['string', 'objectId'] as const)('row sources over mingo, %s ids', (idKind) => {
  let data: Collections
  let local: LocalJourneyEngine
  let engines: [string, JourneyEngine][]

  beforeAll(async () => {
    data = parityCollections({ seed: 41, events: 2500, idKind, oddities: true })
    local = await localEngineOver(data)
    const db = mingoDb(data)
    engines = [
      ['pipeline', new PipelineEngine(db)],
      ['reducer', new ReducerEngine(db)]
    ]
  })

  for (const mode of FUNNEL_MODES) {
    for (const [name, shape] of Object.entries(FUNNELS)) {
      it(`funnel users, ${mode}: ${name}`, async () => {
        for (const [step, outcome] of [
          [1, 'reached'],
          [2, 'dropped'],
          [3, 'reached']
        ] as const) {
          const query = { ...shape, mode, step, outcome }
          const expected = byId(
            await all(local.rowSources.funnelUsers(query, context())),
            (r) => r.userId
          )
          const { total } = await local.funnelUsers(
            { ...query, page: { offset: 0, limit: 1 } },
            context()
          )
          expect(expected.length).toBe(total)
          for (const row of expected) {
            expect(row.times).toHaveLength(row.furthest)
            expect(outcome === 'reached' ? row.furthest >= step : row.furthest === step - 1).toBe(
              true
            )
          }
          for (const [strategy, engine] of engines) {
            const rows = await all(engine.rowSources.funnelUsers(query, context()))
            expect(
              byId(rows, (r) => r.userId),
              `${strategy} ${step} ${outcome}`
            ).toEqual(expected)
          }
        }
      })
    }
  }

  for (const [name, funnelShape] of Object.entries(FUNNELS).filter(([, f]) => f.breakdown)) {
    it(`funnel users of one breakdown group and of one time-to-convert bucket: ${name}`, async () => {
      const shape = { ...funnelShape, mode: 'ordered' as const }
      const funnel = await local.funnel(shape, context())
      // Every group and every non-empty bucket of step 2, each narrowed list against the count
      // the funnel shows there, in all three strategies.
      const narrowed: { query: FunnelUsersRowsQuery; users: number }[] = []
      for (const group of funnel.breakdown ?? []) {
        const users = group.steps[1]?.users ?? 0
        const query = { ...shape, step: 2, outcome: 'reached' as const, breakdownValue: group.key }
        narrowed.push({ query, users })
      }
      for (const [index, bucket] of (funnel.steps[1]?.timeToConvert ?? []).entries()) {
        if (bucket.users === 0) continue
        const query = { ...shape, step: 2, outcome: 'reached' as const, timeToConvertBucket: index }
        narrowed.push({ query, users: bucket.users })
      }
      expect(
        narrowed.filter((n) => n.query.timeToConvertBucket !== undefined).length
      ).toBeGreaterThan(0)
      expect(narrowed.filter((n) => n.query.breakdownValue !== undefined).length).toBeGreaterThan(1)
      for (const { query, users } of narrowed) {
        const expected = byId(
          await all(local.rowSources.funnelUsers(query, context())),
          (r) => r.userId
        )
        expect(expected.length, JSON.stringify(query)).toBe(users)
        const { total } = await local.funnelUsers(
          { ...query, page: { offset: 0, limit: 1 } },
          context()
        )
        expect(total).toBe(users)
        for (const [strategy, engine] of engines) {
          const rows = await all(engine.rowSources.funnelUsers(query, context()))
          expect(
            byId(rows, (r) => r.userId),
            `${strategy} ${JSON.stringify(query)}`
          ).toEqual(expected)
        }
      }
    })
  }

  it("a customer's events and sessions, every customer", async () => {
    const users = (data.users as { _id: unknown }[]).map((user) => user._id)
    for (const userId of users.slice(0, 40)) {
      const text =
        typeof userId === 'string' ? userId : (userId as { toHexString(): string }).toHexString()
      const events = await all(local.rowSources.customerEvents(text, context()))
      const sessions = await all(local.rowSources.customerSessions(text, context()))
      for (const [strategy, engine] of engines) {
        expect(await all(engine.rowSources.customerEvents(text, context())), strategy).toEqual(
          events
        )
        expect(await all(engine.rowSources.customerSessions(text, context())), strategy).toEqual(
          sessions
        )
      }
    }
  })

  it('customers matching a search, in id order', async () => {
    for (const text of ['a', 'E', 'odd', 'zzz']) {
      const expected = await all(local.rowSources.customers(text, context()))
      const search = await local.searchCustomers({ text, limit: 50 }, context())
      expect(expected.length).toBe(search.total)
      for (const [strategy, engine] of engines) {
        expect(await all(engine.rowSources.customers(text, context())), strategy).toEqual(expected)
      }
    }
  })

  it('raw documents in a range, as stored', async () => {
    const range = { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-08-01T00:00:00Z') }
    for (const collection of ['users', 'sessions', 'events'] as const) {
      for (const query of [
        { collection, range: {} },
        { collection, range }
      ]) {
        const streamed = await all(local.rowSources.documents(query, context()))
        const expected = byId(streamed, (d) => d._id)
        for (const [strategy, engine] of engines) {
          const rows = await all(engine.rowSources.documents(query, context()))
          expect(
            byId(rows, (d) => d._id),
            `${strategy} ${collection}`
          ).toEqual(expected)
          const sample = await engine.rowSources.sampleDocuments(query, 5, context())
          expect(sample.length).toBe(Math.min(5, expected.length))
          for (const document of sample) expect(expected).toContainEqual(document)
        }
        // The local sample is the first documents the export would write.
        expect(await local.rowSources.sampleDocuments(query, 5, context())).toEqual(
          streamed.slice(0, 5)
        )
      }
    }
  })
})

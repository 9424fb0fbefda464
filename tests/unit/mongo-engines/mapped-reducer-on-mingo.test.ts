import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import { readNdjsonFile } from '../../../src/main/data/ndjson/ndjson-reader'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import { IndexAdvisor } from '../../../src/main/engine/mongo/index-advisor'
import { mappedRecommendedIndexes } from '../../../src/main/engine/mongo/mapped/mapped-indexes'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import { normaliseData } from '../../../src/main/mapping/normalise/normalise-data'
import { EVENT_TYPES } from '../../../src/shared/journeys/documents'
import type { FlowSelection } from '../../../src/shared/journeys/query-schemas'
import { expectSubstance } from '../../helpers/answer-substance'
import type { Collections } from '../pipelines/mingo-runner'
import { localEngineOver, testContext } from '../pipelines/parity-data'
import { FLOWS, FUNNEL_MODES, FUNNELS, OVERVIEWS } from '../pipelines/parity-queries'
import { mingoDb } from './mingo-db'

/*
 * The reducer strategy reads a server's own shape through its mapping (finds on the mapped
 * collections and fields, the seed's shape made in the app): on Segment- and PostHog-shaped demo
 * data in a mingo-backed Db, every answer equals the local engine's on the mapped copy.
 */

const USERS = 150
let home: string

const answer = <T extends { plan: unknown }>(result: T): Omit<T, 'plan'> => {
  const { plan: _plan, ...rest } = result
  return rest
}

/** Every collection of a generated folder, as parsed documents. */
async function readFolder(folder: string): Promise<Record<string, unknown[]>> {
  const collections: Record<string, unknown[]> = {}
  for (const file of await readdir(folder)) {
    if (!file.endsWith('.ndjson')) continue
    const documents: unknown[] = []
    for await (const record of readNdjsonFile(join(folder, file))) documents.push(record.document)
    collections[file.slice(0, -'.ndjson'.length)] = documents
  }
  return collections
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-mapped-reducer-'))
})

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

describe.each(['segment', 'posthog'] as const)('reducer strategy on the %s shape', (shape) => {
  const spec = DEMO_SHAPE_SPECS[shape]
  const words = (type: string): string =>
    type === EVENT_TYPES.pageView || type === EVENT_TYPES.purchase
      ? type
      : (spec.eventNames[type] ?? type)
  let local: LocalJourneyEngine
  let reducer: ReducerEngine
  let raw: Record<string, unknown[]>
  const calls: string[] = []

  beforeAll(async () => {
    const folder = join(home, shape)
    await generateDemoFolder({ outDir: folder, users: USERS, seed: 23, shape })
    raw = await readFolder(folder)
    const copy = normaliseData(
      {
        users: spec.mapping.users ? (raw[spec.mapping.users.collection] ?? []) : null,
        sessions: null,
        events: raw[spec.mapping.events.collection] ?? []
      },
      spec.mapping
    )
    local = await localEngineOver(copy)
    const db = mingoDb(raw as unknown as Collections, calls)
    reducer = new ReducerEngine(db, {
      mapping: spec.mapping,
      indexAdvisor: new IndexAdvisor(db, mappedRecommendedIndexes(spec.mapping))
    })
  }, 120_000)

  for (const mode of FUNNEL_MODES) {
    for (const [name, funnel] of Object.entries(FUNNELS)) {
      it(`funnel ${mode}: ${name}`, async () => {
        const query = {
          ...funnel,
          mode,
          steps: funnel.steps.map((step) => ({ ...step, eventType: words(step.eventType) }))
        }
        const expected = await local.funnel(query, testContext())
        expectSubstance(expected, `funnel ${mode}: ${name}`)
        const result = await reducer.funnel(query, testContext())
        expect(result.plan.strategy).toBe('reducer')
        expect(answer(result)).toEqual(answer(expected))
        const usersQuery = {
          ...query,
          step: 2,
          outcome: 'dropped' as const,
          page: { offset: 0, limit: 7 }
        }
        expect(answer(await reducer.funnelUsers(usersQuery, testContext()))).toEqual(
          answer(await local.funnelUsers(usersQuery, testContext()))
        )
      })
    }
  }

  for (const [name, flow] of Object.entries(FLOWS)) {
    it(`flows and flow users: ${name}`, async () => {
      const query = { ...flow, page: flow.page === '{popular}' ? '/cart' : flow.page }
      const expected = await local.flows(query, testContext())
      expectSubstance(expected, `flows: ${name}`)
      expect(answer(await reducer.flows(query, testContext()))).toEqual(answer(expected))
      const edge = expected.edges[0]
      const selections: FlowSelection[] = [
        { kind: 'node', id: (expected.nodes.at(-1) ?? expected.nodes[0])?.id ?? '' },
        ...(edge ? [{ kind: 'edge' as const, source: edge.source, target: edge.target }] : [])
      ]
      for (const selection of selections) {
        const usersQuery = { ...query, selection, users: { offset: 0, limit: 5 } }
        expect(answer(await reducer.flowUsers(usersQuery, testContext()))).toEqual(
          answer(await local.flowUsers(usersQuery, testContext()))
        )
      }
    })
  }

  for (const [name, query] of Object.entries(OVERVIEWS)) {
    it(`overview: ${name}`, async () => {
      const expected = await local.overview(query, testContext())
      expectSubstance(expected, `overview: ${name}`)
      expect(answer(await reducer.overview(query, testContext()))).toEqual(answer(expected))
    })
  }

  it('catalogue', async () => {
    const query = { pagePrefix: '', refresh: false }
    const expected = await local.catalogue(query, testContext())
    expectSubstance(expected, 'catalogue')
    const {
      computedAt: _a,
      fromCache: _b,
      ...mapped
    } = answer(await reducer.catalogue(query, testContext()))
    const { computedAt: _c, fromCache: _d, ...seed } = answer(expected)
    expect(mapped).toEqual(seed)
  })

  it('customer search and case files, by mapped id, email and name', async () => {
    const someone = await local.customerCaseFile(
      { userId: 'u000007', sessions: { offset: 0, limit: 1 } },
      testContext()
    )
    for (const text of ['u000007', someone.user.email, someone.user.name.slice(0, 2), 'a', '(']) {
      const expected = await local.searchCustomers({ text, limit: 20 }, testContext())
      if (text !== '(') expectSubstance(expected, `search ${text}`)
      expect(answer(await reducer.searchCustomers({ text, limit: 20 }, testContext()))).toEqual(
        answer(expected)
      )
    }
    for (const userId of ['u000001', 'u000007', 'u000042']) {
      const query = { userId, sessions: { offset: 0, limit: 3 } }
      const expected = await local.customerCaseFile(query, testContext())
      expectSubstance(expected, `case file of ${userId}`)
      expect(answer(await reducer.customerCaseFile(query, testContext()))).toEqual(answer(expected))
    }
    await expect(
      reducer.customerCaseFile(
        { userId: 'no-such-user', sessions: { offset: 0, limit: 5 } },
        testContext()
      )
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('reads only the mapped collections, names its finds and indexes in the data’s fields, and exports the copy’s rows', async () => {
    const result = await reducer.overview(
      OVERVIEWS['UTC, top 10, everything'] as NonNullable<(typeof OVERVIEWS)[string]>,
      testContext()
    )
    expect(result.plan.steps.map((step) => [step.collection, step.sort])).toEqual([
      [spec.mapping.events.collection, { [spec.mapping.events.userId]: 1 }]
    ])
    expect(result.plan.notes.join(' ')).toContain('Read through the field mapping')
    // The index advisor speaks in the data's own names (this Db has no indexes).
    const userId = spec.mapping.events.userId
    expect(result.plan.notes).toContain(
      `Missing index ${spec.mapping.events.collection} { ${userId}: 1 }: without it every analysis sorts all the events in the server’s memory and each case file reads the whole collection.`
    )
    const collections = new Set(calls.map((call) => call.split('.')[0]))
    expect([...collections].sort()).toEqual(
      [spec.mapping.events.collection, spec.mapping.users?.collection].filter(Boolean).sort()
    )
    // Exports read the same way: a customer's events are the mapped copy's rows.
    const rowsOf = async <T>(stream: Promise<{ rows: AsyncIterable<T> }>): Promise<T[]> => {
      const rows: T[] = []
      for await (const row of (await stream).rows) rows.push(row)
      return rows
    }
    const expected = await rowsOf(local.rowSources.customerEvents('u000001', testContext()))
    expect(expected.length).toBeGreaterThan(0)
    expect(await rowsOf(reducer.rowSources.customerEvents('u000001', testContext()))).toEqual(
      expected
    )
  })
})

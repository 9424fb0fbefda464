import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import { readNdjsonFile } from '../../../src/main/data/ndjson/ndjson-reader'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import { IndexAdvisor } from '../../../src/main/engine/mongo/index-advisor'
import { mappedRecommendedIndexes } from '../../../src/main/engine/mongo/mapped/mapped-indexes'
import { PipelineEngine } from '../../../src/main/engine/mongo/pipeline-engine'
import {
  buildMappedEventStages,
  type MappedEventNeeds
} from '../../../src/main/engine/pipelines/mapping/mapped-event-stages'
import type { FieldMapping } from '../../../src/shared/mapping/field-mapping'
import type { Db, Document } from 'mongodb'
import { normaliseData } from '../../../src/main/mapping/normalise/normalise-data'
import { EVENT_TYPES } from '../../../src/shared/journeys/documents'
import type { FlowSelection } from '../../../src/shared/journeys/query-schemas'
import { expectSubstance } from '../../helpers/answer-substance'
import { runPipeline, type Collections } from '../pipelines/mingo-runner'
import { localEngineOver, testContext } from '../pipelines/parity-data'
import { FLOWS, FUNNEL_MODES, FUNNELS, OVERVIEWS } from '../pipelines/parity-queries'
import { mingoDb } from './mingo-db'

/*
 * The pipeline strategy reads a server's own shape through its mapping (a normalising prefix in
 * front of the seed schema's pipelines; case files and search by finds on the mapped ids): on
 * Segment- and PostHog-shaped demo data in a mingo-backed Db, every answer equals the local
 * engine's on the mapped copy, in every funnel mode, with and without breakdowns and segments.
 */

const USERS = 80
// mingo runs the normalising prefix at about a millisecond an event on a busy machine.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 })
let home: string

/**
 * A mingo Db that runs each distinct normalising prefix once: mingo evaluates expressions about a
 * hundred times slower than a server, and every pipeline of a mapped source starts with one of
 * four prefixes. A pipeline that starts with one runs its own stages over the prefix's output,
 * which is what the whole pipeline computes (the prefix is deterministic).
 */
interface PlainCollection {
  aggregate(pipeline: Document[]): unknown
}

function prefixMemoDb(raw: Record<string, unknown[]>, mapping: FieldMapping, calls: string[]): Db {
  // mingoDb returns plain objects typed as the driver's classes.
  const db = mingoDb(raw as unknown as Collections, calls) as unknown as {
    collection(name: string): PlainCollection
  }
  const combos: MappedEventNeeds[] = [
    { sessionId: false, sessionDevice: false },
    { sessionId: true, sessionDevice: false },
    { sessionId: false, sessionDevice: true },
    { sessionId: true, sessionDevice: true }
  ]
  const prefixes = combos.map((needs) => buildMappedEventStages(mapping, needs))
  const outputs = new Map<number, unknown[]>()
  const events = mapping.events.collection
  return {
    databaseName: 'mingo',
    collection(name: string): PlainCollection {
      const collection = db.collection(name)
      if (name !== events) return collection
      return {
        ...collection,
        aggregate(pipeline: Document[]) {
          const index = prefixes.findIndex(
            (prefix) => JSON.stringify(pipeline.slice(0, prefix.length)) === JSON.stringify(prefix)
          )
          const prefix = prefixes[index]
          if (!prefix) return collection.aggregate(pipeline)
          let output = outputs.get(index)
          if (!output) {
            output = runPipeline({ [events]: raw[events] } as never, events, prefix)
            outputs.set(index, output)
          }
          const rest = mingoDb({ ...raw, [events]: output } as never, calls) as unknown as {
            collection(name: string): PlainCollection
          }
          return rest.collection(events).aggregate(pipeline.slice(prefix.length))
        }
      }
    }
  } as unknown as Db
}

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
  home = await mkdtemp(join(tmpdir(), 'jw-mapped-pipelines-'))
})

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

describe.each(['segment', 'posthog'] as const)('pipeline strategy on the %s shape', (shape) => {
  const spec = DEMO_SHAPE_SPECS[shape]
  const words = (type: string): string =>
    type === EVENT_TYPES.pageView || type === EVENT_TYPES.purchase
      ? type
      : (spec.eventNames[type] ?? type)
  let local: LocalJourneyEngine
  let pipeline: PipelineEngine
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
    const db = prefixMemoDb(raw, spec.mapping, calls)
    pipeline = new PipelineEngine(db, {
      mapping: spec.mapping,
      indexAdvisor: new IndexAdvisor(db, mappedRecommendedIndexes(spec.mapping))
    })
  }, 600_000)

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
        const result = await pipeline.funnel(query, testContext())
        expect(result.plan.strategy).toBe('pipeline')
        expect(answer(result)).toEqual(answer(expected))
        const usersQuery = {
          ...query,
          step: 2,
          outcome: 'dropped' as const,
          page: { offset: 0, limit: 7 }
        }
        expect(answer(await pipeline.funnelUsers(usersQuery, testContext()))).toEqual(
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
      expect(answer(await pipeline.flows(query, testContext()))).toEqual(answer(expected))
      const edge = expected.edges[0]
      const selections: FlowSelection[] = [
        { kind: 'node', id: (expected.nodes.at(-1) ?? expected.nodes[0])?.id ?? '' },
        ...(edge ? [{ kind: 'edge' as const, source: edge.source, target: edge.target }] : [])
      ]
      for (const selection of selections) {
        const usersQuery = { ...query, selection, users: { offset: 0, limit: 5 } }
        expect(answer(await pipeline.flowUsers(usersQuery, testContext()))).toEqual(
          answer(await local.flowUsers(usersQuery, testContext()))
        )
      }
    })
  }

  for (const [name, query] of Object.entries(OVERVIEWS)) {
    it(`overview: ${name}`, async () => {
      const expected = await local.overview(query, testContext())
      expectSubstance(expected, `overview: ${name}`)
      expect(answer(await pipeline.overview(query, testContext()))).toEqual(answer(expected))
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
    } = answer(await pipeline.catalogue(query, testContext()))
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
      expect(answer(await pipeline.searchCustomers({ text, limit: 20 }, testContext()))).toEqual(
        answer(expected)
      )
    }
    for (const userId of ['u000001', 'u000007', 'u000042']) {
      const query = { userId, sessions: { offset: 0, limit: 3 } }
      const expected = await local.customerCaseFile(query, testContext())
      expectSubstance(expected, `case file of ${userId}`)
      expect(answer(await pipeline.customerCaseFile(query, testContext()))).toEqual(
        answer(expected)
      )
    }
    await expect(
      pipeline.customerCaseFile(
        { userId: 'no-such-user', sessions: { offset: 0, limit: 5 } },
        testContext()
      )
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('runs every analysis as a pipeline on the mapped events, the prefix first', async () => {
    const result = await pipeline.overview(
      OVERVIEWS['UTC, top 10, everything'] as NonNullable<(typeof OVERVIEWS)[string]>,
      testContext()
    )
    expect(result.plan.steps).toHaveLength(4)
    for (const step of result.plan.steps) {
      expect(step.collection).toBe(spec.mapping.events.collection)
      expect(step.operation).toBe('aggregate')
      expect(step.pipeline?.[0]).toHaveProperty('$project.timestamp')
    }
    expect(result.plan.notes.join(' ')).toContain('Read through the field mapping')
    const collections = new Set(calls.map((call) => call.split('.')[0]))
    expect([...collections].sort()).toEqual(
      [spec.mapping.events.collection, spec.mapping.users?.collection].filter(Boolean).sort()
    )
  })
})

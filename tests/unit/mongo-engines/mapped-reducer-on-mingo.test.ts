import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IndexAdvisor } from '../../../src/main/engine/mongo/index-advisor'
import { mappedRecommendedIndexes } from '../../../src/main/engine/mongo/mapped/mapped-indexes'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import type { Collections } from '../pipelines/mingo-runner'
import { testContext } from '../pipelines/parity-data'
import { OVERVIEWS } from '../pipelines/parity-queries'
import {
  loadMappedShape,
  MAPPED_PARITY_SHAPES,
  mappedParityTests,
  type MappedShapeData
} from './mapped-parity-suite'
import { mingoDb } from './mingo-db'

/*
 * The reducer strategy reads a server's own shape through its mapping (finds on the mapped
 * collections and fields, the seed's shape made in the app): on Segment- and PostHog-shaped demo
 * data and on the seed's collections renamed, in a mingo-backed Db, every answer equals the local
 * engine's on the mapped copy (mapped-parity-suite.ts).
 */

const USERS = 150
let home: string

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-mapped-reducer-'))
})

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

describe.each(MAPPED_PARITY_SHAPES)('reducer strategy on the %s shape', (shape) => {
  let data: MappedShapeData
  let reducer: ReducerEngine
  const calls: string[] = []

  beforeAll(async () => {
    data = await loadMappedShape(join(home, shape), shape, USERS)
    const db = mingoDb(data.raw as unknown as Collections, calls)
    reducer = new ReducerEngine(db, {
      mapping: data.mapping,
      indexAdvisor: new IndexAdvisor(db, mappedRecommendedIndexes(data.mapping))
    })
  }, 120_000)

  mappedParityTests('reducer', () => ({ data, engine: reducer }))

  it('reads only the mapped collections, names its finds and indexes in the data’s fields, and exports the copy’s rows', async () => {
    const { mapping, local } = data
    const result = await reducer.overview(
      OVERVIEWS['UTC, top 10, everything'] as NonNullable<(typeof OVERVIEWS)[string]>,
      testContext()
    )
    expect(result.plan.steps.map((step) => [step.collection, step.sort])).toEqual([
      ...(mapping.sessions ? [[mapping.sessions.collection, undefined]] : []),
      [mapping.events.collection, { [mapping.events.userId]: 1 }]
    ])
    expect(result.plan.notes.join(' ')).toContain('Read through the field mapping')
    // The index advisor speaks in the data's own names (this Db has no indexes).
    const userId = mapping.events.userId
    expect(result.plan.notes).toContain(
      `Missing index ${mapping.events.collection} { ${userId}: 1 }: without it every analysis sorts all the events in the server’s memory and each case file reads the whole collection.`
    )
    const collections = new Set(calls.map((call) => call.split('.')[0]))
    expect([...collections].sort()).toEqual(
      [mapping.events.collection, mapping.users?.collection, mapping.sessions?.collection]
        .filter(Boolean)
        .sort()
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

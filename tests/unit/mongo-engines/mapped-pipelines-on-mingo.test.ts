import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Db, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { IndexAdvisor } from '../../../src/main/engine/mongo/index-advisor'
import { mappedRecommendedIndexes } from '../../../src/main/engine/mongo/mapped/mapped-indexes'
import { PipelineEngine } from '../../../src/main/engine/mongo/pipeline-engine'
import {
  buildMappedEventStages,
  type MappedEventNeeds
} from '../../../src/main/engine/pipelines/mapping/mapped-event-stages'
import type { FieldMapping } from '../../../src/shared/mapping/field-mapping'
import { runPipeline, type Collections } from '../pipelines/mingo-runner'
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
 * The pipeline strategy reads a server's own shape through its mapping (a normalising prefix in
 * front of the seed schema's pipelines, sessions looked up in a mapped sessions collection; case
 * files and search by finds on the mapped ids): on Segment- and PostHog-shaped demo data and on the
 * seed's collections renamed, in a mingo-backed Db, every answer equals the local engine's on the
 * mapped copy (mapped-parity-suite.ts).
 */

const USERS = 80
// mingo runs the normalising prefix at about a millisecond an event on a busy machine.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 })
let home: string

/**
 * A mingo Db that runs each distinct normalising prefix once: mingo evaluates expressions about a
 * hundred times slower than a server, and every pipeline of a mapped source starts with one of
 * four prefixes (behind the raw time `$match` of its range, when it has one). A pipeline that
 * starts with one runs its own stages over the prefix's output, which is what the whole pipeline
 * computes (the prefix is deterministic).
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
  // Longest first: a shorter prefix can be the start of a longer one.
  const prefixes = combos
    .map((needs) => buildMappedEventStages(mapping, needs))
    .sort((a, b) => b.length - a.length)
  const outputs = new Map<string, unknown[]>()
  const events = mapping.events.collection
  return {
    databaseName: 'mingo',
    collection(name: string): PlainCollection {
      const collection = db.collection(name)
      if (name !== events) return collection
      return {
        ...collection,
        aggregate(pipeline: Document[]) {
          const head = headLength(pipeline, prefixes)
          if (head === 0) return collection.aggregate(pipeline)
          const key = JSON.stringify(pipeline.slice(0, head))
          let output = outputs.get(key)
          if (!output) {
            output = runPipeline(raw as never, events, pipeline.slice(0, head))
            outputs.set(key, output)
          }
          const rest = mingoDb({ ...raw, [events]: output } as never, calls) as unknown as {
            collection(name: string): PlainCollection
          }
          return rest.collection(events).aggregate(pipeline.slice(head))
        }
      }
    }
  } as unknown as Db
}

/**
 * How many leading stages are a normalising prefix, with the raw time `$match` in front of it when
 * there is one (0: none).
 */
function headLength(pipeline: Document[], prefixes: Document[][]): number {
  for (const offset of [0, 1]) {
    if (offset === 1 && !('$match' in (pipeline[0] ?? {}))) continue
    for (const prefix of prefixes) {
      const slice = pipeline.slice(offset, offset + prefix.length)
      if (JSON.stringify(slice) === JSON.stringify(prefix)) return offset + prefix.length
    }
  }
  return 0
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-mapped-pipelines-'))
})

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

describe.each(MAPPED_PARITY_SHAPES)('pipeline strategy on the %s shape', (shape) => {
  let data: MappedShapeData
  let pipeline: PipelineEngine
  const calls: string[] = []

  beforeAll(async () => {
    data = await loadMappedShape(join(home, shape), shape, USERS)
    const db = prefixMemoDb(data.raw, data.mapping, calls)
    pipeline = new PipelineEngine(db, {
      mapping: data.mapping,
      indexAdvisor: new IndexAdvisor(db, mappedRecommendedIndexes(data.mapping))
    })
  }, 600_000)

  mappedParityTests('pipeline', () => ({ data, engine: pipeline }))

  it('runs every analysis as a pipeline on the mapped events, the prefix first', async () => {
    const { mapping } = data
    const result = await pipeline.overview(
      OVERVIEWS['UTC, top 10, everything'] as NonNullable<(typeof OVERVIEWS)[string]>,
      testContext()
    )
    expect(result.plan.steps).toHaveLength(4)
    for (const step of result.plan.steps) {
      expect(step.collection).toBe(mapping.events.collection)
      expect(step.operation).toBe('aggregate')
      // The prefix first, or behind a match on the raw fields.
      const first = step.pipeline?.[0] ?? {}
      expect(step.pipeline?.['$match' in first ? 1 : 0]).toHaveProperty('$project.timestamp')
    }
    // Revenue reads purchases, each on its own: their raw names are matched first (an index serves).
    expect(result.plan.steps[1]?.pipeline?.[0]).toEqual({
      $match: {
        [mapping.events.eventName]: { $in: [mapping.eventNames.purchase, 'PURCHASE'].sort() }
      }
    })
    // That match is what the mapped { event name: 1, time: 1 } index serves; this Db has none.
    const { eventName, timestamp } = mapping.events
    expect(result.plan.steps[1]?.index).toBe(`${eventName}_1_${timestamp}_1`)
    expect(result.plan.notes).toContain(
      `Missing index ${mapping.events.collection} { ${eventName}: 1, ${timestamp}: 1 }: without it funnel and overview filters on event name and date read the whole collection.`
    )
    // Devices come from the mapped sessions collection when there is one.
    const devices = JSON.stringify(result.plan.steps[3]?.pipeline)
    if (mapping.sessions) {
      expect(devices).toContain(`"from":"${mapping.sessions.collection}"`)
    } else {
      expect(devices).not.toContain('$lookup')
    }
    expect(result.plan.notes.join(' ')).toContain('Read through the field mapping')
    const collections = new Set(calls.map((call) => call.split('.')[0]))
    expect([...collections].sort()).toEqual(
      [mapping.events.collection, mapping.users?.collection, mapping.sessions?.collection]
        .filter(Boolean)
        .sort()
    )
  })
})

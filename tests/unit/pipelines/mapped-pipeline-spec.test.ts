import { describe, expect, it } from 'vitest'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import { PipelineEngine } from '../../../src/main/engine/mongo/pipeline-engine'
import {
  buildCataloguePipelines,
  buildFlowRankingPipeline,
  buildFunnelPipeline,
  buildOverviewPipelines
} from '../../../src/main/engine/pipelines'
import {
  buildMappedEventStages,
  SESSION_DEVICE_FIELD
} from '../../../src/main/engine/pipelines/mapping/mapped-event-stages'
import {
  eventTypesOf,
  rawEventNameMatch
} from '../../../src/main/engine/pipelines/mapping/mapped-raw-match'
import { buildMappedSessionStages } from '../../../src/main/engine/pipelines/mapping/mapped-session-stages'
import {
  mappedSessionDeviceOptions,
  pipelinesReadMapping,
  readThroughMapping
} from '../../../src/main/engine/pipelines/mapping/mapped-pipeline-spec'
import { fieldMappingSchema, SEED_MAPPING } from '../../../src/shared/mapping/field-mapping'
import { mingoDb } from '../mongo-engines/mingo-db'
import { RENAMED_SEED_MAPPING } from '../mongo-engines/renamed-seed-shape'
import { parityCollections, testContext } from './parity-data'
import { FLOWS, FUNNELS, OVERVIEWS } from './parity-queries'

const first = <T>(record: Record<string, T>): T => Object.values(record)[0] as T

describe('the pipeline strategy on the seed schema as a mapping', () => {
  it('runs exactly the seed schema’s pipelines, with no extra stage, and the same answers', async () => {
    const data = parityCollections({ seed: 5, events: 1500, idKind: 'string' })
    const plain = new PipelineEngine(mingoDb(data))
    const seeded = new PipelineEngine(mingoDb(data), { mapping: SEED_MAPPING })
    const context = testContext()
    const funnel = { ...first(FUNNELS), mode: 'ordered' as const }
    const flow = first(FLOWS)
    const overview = first(OVERVIEWS)
    const caseFile = { userId: data.users[3]?._id as string, sessions: { offset: 0, limit: 2 } }
    const runs = [
      (engine: PipelineEngine) => engine.funnel(funnel, context),
      (engine: PipelineEngine) =>
        engine.funnelUsers(
          { ...funnel, step: 2, outcome: 'reached', page: { offset: 0, limit: 5 } },
          context
        ),
      (engine: PipelineEngine) => engine.flows(flow, context),
      (engine: PipelineEngine) => engine.overview(overview, context),
      (engine: PipelineEngine) => engine.catalogue({ pagePrefix: '', refresh: false }, context),
      (engine: PipelineEngine) => engine.customerCaseFile(caseFile, context),
      (engine: PipelineEngine) => engine.searchCustomers({ text: 'a', limit: 5 }, context)
    ]
    for (const run of runs) {
      const [a, b] = await Promise.all([run(plain), run(seeded)])
      // Byte for byte: the same steps and notes, and the same answer.
      const strip = (result: object) => ({ ...result, computedAt: null })
      expect(JSON.stringify(strip(b))).toBe(JSON.stringify(strip(a)))
      expect(JSON.stringify(a.plan)).not.toContain(SESSION_DEVICE_FIELD)
    }
  })
})

describe('readThroughMapping', () => {
  const segment = DEMO_SHAPE_SPECS.segment.mapping
  const posthog = DEMO_SHAPE_SPECS.posthog.mapping
  const devices = mappedSessionDeviceOptions(segment)

  it('puts the prefix in front of the builder’s stages, on the mapped events collection', () => {
    const built = buildFunnelPipeline({ ...first(FUNNELS), mode: 'strict' }, devices)
    const spec = readThroughMapping(built, segment)
    const prefix = buildMappedEventStages(segment, { sessionId: true, sessionDevice: true })
    expect(spec.collection).toBe('tracks')
    expect(spec.pipeline).toEqual([...prefix, ...built.pipeline])
    expect(spec.allowDiskUse).toBe(true)
  })

  it('derives sessions and devices only when the stages after the prefix read them', () => {
    const query = { range: {}, segment: {}, timeZone: 'UTC', topPages: 3 }
    const overview = buildOverviewPipelines(query, devices)
    // Revenue reads neither sessions nor devices; days read session ids; devices read both.
    const shapes = [overview.revenue, overview.days, overview.devices].map((built) =>
      JSON.stringify(readThroughMapping(built, segment).pipeline.slice(0, -built.pipeline.length))
    )
    expect(shapes[0]).not.toContain('$setWindowFields')
    expect(shapes[1]).toContain('"partitionBy":"$userId"')
    expect(shapes[1]).not.toContain(SESSION_DEVICE_FIELD)
    expect(shapes[2]).toContain('"partitionBy":"$sessionId"')
    // PostHog's events name their session: no idle-gap windows.
    const posthogDays = readThroughMapping(overview.days, posthog).pipeline
    expect(JSON.stringify(posthogDays)).not.toContain('"partitionBy":"$userId"')
  })

  it('matches the range and event names on the raw fields first where that cannot change sessions or devices', () => {
    const from = new Date('2025-01-01T00:00:00Z')
    const to = new Date('2025-02-01T00:00:00Z')
    const flow = { ...first(FLOWS), range: { from, to }, segment: {} }
    const posthogSpec = readThroughMapping(buildFlowRankingPipeline(flow, devices), posthog)
    expect(posthogSpec.pipeline[0]).toEqual({
      $match: {
        $and: [
          {
            $or: [
              { timestamp: { $gte: from, $lt: to } },
              { timestamp: { $gte: from.getTime() - 1, $lt: to.getTime() + 1 } },
              { timestamp: { $gte: from.getTime() / 1000 - 1, $lt: to.getTime() / 1000 + 1 } },
              { timestamp: { $type: 'string' } }
            ]
          },
          // Flows read page views: PostHog names them `$pageview` (a raw `PAGE_VIEW` reads alike).
          { event: { $in: ['$pageview', 'PAGE_VIEW'] } }
        ]
      }
    })
    // Idle-gap sessions need every event of a user; a device filter needs each session's first.
    const segmentSpec = readThroughMapping(buildFlowRankingPipeline(flow, devices), segment)
    expect(segmentSpec.pipeline[0]).toHaveProperty('$project')
    const safari = { ...flow, segment: { browsers: ['Safari'] } }
    expect(
      readThroughMapping(buildFlowRankingPipeline(safari, devices), posthog).pipeline[0]
    ).toHaveProperty('$project')
  })

  it('matches a query’s event names as the data names them, even on idle-gap data when sessions are not read', () => {
    const query = { range: {}, segment: {}, timeZone: 'UTC', topPages: 3 }
    const overview = buildOverviewPipelines(query, devices)
    // Revenue reads purchases, and neither sessions nor devices.
    expect(readThroughMapping(overview.revenue, segment).pipeline[0]).toEqual({
      $match: { event: { $in: [segment.eventNames.purchase, 'PURCHASE'].sort() } }
    })
    // Devices need each derived session's first event: nothing goes before the prefix.
    expect(readThroughMapping(overview.devices, segment).pipeline[0]).toHaveProperty('$project')
    const cart = { eventType: 'PAGE_VIEW', 'metadata.pageUrl': '/cart' }
    expect(
      eventTypesOf({ $and: [{ timestamp: {} }, { $or: [cart, { eventType: 'Added' }] }] })
    ).toEqual(new Set(['PAGE_VIEW', 'Added']))
    expect(eventTypesOf({ eventType: { $in: ['A', 'B'] } })).toEqual(new Set(['A', 'B']))
    // A branch that keeps any event keeps any event.
    expect(eventTypesOf({ $or: [cart, { 'metadata.pageUrl': '/cart' }] })).toBeNull()
    expect(eventTypesOf({ eventType: { $ne: 'A' } })).toBeNull()
    const dollar = fieldMappingSchema.parse({
      ...posthog,
      events: { ...posthog.events, eventName: '$event' }
    })
    expect(rawEventNameMatch(dollar, ['PAGE_VIEW'])).toBeNull()
  })

  it('reads `$`-prefixed mapped paths with $getField', () => {
    const mapping = fieldMappingSchema.parse({
      ...posthog,
      events: { ...posthog.events, pageUrl: 'properties.$current_url' }
    })
    const text = JSON.stringify(buildMappedEventStages(mapping))
    expect(text).toContain('{"$getField":{"field":{"$literal":"$current_url"}')
  })

  it('reads a mapped sessions collection when the events name their session', () => {
    expect(pipelinesReadMapping(segment)).toBe(true)
    expect(pipelinesReadMapping(posthog)).toBe(true)
    expect(pipelinesReadMapping(SEED_MAPPING)).toBe(true)
    const noSessionIds = fieldMappingSchema.parse({
      ...SEED_MAPPING,
      events: { ...SEED_MAPPING.events, sessionId: null }
    })
    expect(pipelinesReadMapping(noSessionIds)).toBe(false)
  })

  it('looks sessions up in the mapped sessions collection, normalised, and counts devices there', () => {
    const mapping = RENAMED_SEED_MAPPING
    const sessions = mapping.sessions
    if (!sessions) throw new Error('the renamed seed mapping has a sessions collection')
    const options = mappedSessionDeviceOptions(mapping)
    expect(options).toEqual({})
    const query = { range: {}, segment: { browsers: ['Safari'] }, timeZone: 'UTC', topPages: 3 }
    const overview = buildOverviewPipelines(query, options)
    const spec = readThroughMapping(overview.devices, mapping)
    expect(spec.collection).toBe('activity')
    const text = JSON.stringify(spec.pipeline)
    expect(text).not.toContain('"from":"sessions"')
    const lookups = spec.pipeline.filter((stage) => '$lookup' in stage)
    // One for the segment's device filter, one for the devices of the grouped sessions.
    expect(lookups).toHaveLength(2)
    for (const stage of lookups) {
      expect(stage.$lookup).toMatchObject({
        from: 'visits',
        localField: '_sk',
        foreignField: '_id',
        pipeline: [...buildMappedSessionStages(sessions), { $project: { _id: 0, deviceInfo: 1 } }]
      })
    }
    const catalogue = readThroughMapping(
      buildCataloguePipelines({ pagePrefix: '', refresh: false }, options).devices,
      mapping
    )
    expect(catalogue.collection).toBe('visits')
    expect(catalogue.pipeline.slice(0, 2)).toEqual(buildMappedSessionStages(sessions))
  })
})

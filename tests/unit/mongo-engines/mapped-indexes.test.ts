import { describe, expect, it } from 'vitest'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import { RECOMMENDED_INDEXES } from '../../../src/main/data/recommended-indexes'
import { mappedRecommendedIndexes } from '../../../src/main/engine/mongo/mapped/mapped-indexes'
import { buildFunnelPipeline, buildOverviewPipelines } from '../../../src/main/engine/pipelines'
import {
  mappedSessionDeviceOptions,
  readThroughMapping
} from '../../../src/main/engine/pipelines/mapping/mapped-pipeline-spec'
import { fieldMappingSchema } from '../../../src/shared/mapping/field-mapping'
import { FUNNELS } from '../pipelines/parity-queries'

/* The index advisor's list for a source read through a mapping, in the data's own names. */

const segment = DEMO_SHAPE_SPECS.segment.mapping
const posthog = DEMO_SHAPE_SPECS.posthog.mapping

const keysOf = (mapping: typeof segment) =>
  mappedRecommendedIndexes(mapping).map(({ collection, name, keys }) => ({
    collection,
    name,
    keys
  }))

describe('mappedRecommendedIndexes', () => {
  it('Segment: the tracks by user id and by event name and time, identifies by user id', () => {
    expect(keysOf(segment)).toEqual([
      { collection: 'tracks', name: 'userId_1', keys: { userId: 1 } },
      { collection: 'tracks', name: 'event_1_timestamp_1', keys: { event: 1, timestamp: 1 } },
      { collection: 'identifies', name: 'userId_1', keys: { userId: 1 } }
    ])
  })

  it('PostHog: the events by distinct id and by event name and time, persons by distinct id', () => {
    expect(keysOf(posthog)).toEqual([
      { collection: 'events', name: 'distinct_id_1', keys: { distinct_id: 1 } },
      { collection: 'events', name: 'event_1_timestamp_1', keys: { event: 1, timestamp: 1 } },
      { collection: 'persons', name: 'distinct_id_1', keys: { distinct_id: 1 } }
    ])
  })

  it('mirrors the seed’s { eventType: 1, timestamp: 1 } in the mapped names, with what it costs', () => {
    const seed = RECOMMENDED_INDEXES.find((index) => index.name === 'eventType_1_timestamp_1')
    expect(Object.keys(seed?.keys ?? {})).toEqual(['eventType', 'timestamp'])
    const byName = mappedRecommendedIndexes(posthog).find(
      (index) => index.name === 'event_1_timestamp_1'
    )
    expect(byName?.missingCost).toBe(
      'funnel and overview filters on event name and date read the whole collection.'
    )
  })

  it('recommends no event-name index on a `$`-named path (no raw match can name it)', () => {
    const dollar = fieldMappingSchema.parse({
      ...posthog,
      events: { ...posthog.events, eventName: '$event' }
    })
    expect(keysOf(dollar).map((index) => index.name)).toEqual(['distinct_id_1', 'distinct_id_1'])
  })
})

describe('mapped pipelines name the event-name index where their raw match uses it', () => {
  // The first parity funnel without its breakdown (a breakdown reads each session's device).
  const { breakdown: _breakdown, ...funnel } = Object.values(FUNNELS)[0] as NonNullable<
    (typeof FUNNELS)[string]
  >

  it('an ordered funnel and the overview’s revenue match event names first: the index is named', () => {
    for (const mapping of [segment, posthog]) {
      const devices = mappedSessionDeviceOptions(mapping)
      const revenue = buildOverviewPipelines(
        { range: {}, segment: {}, timeZone: 'UTC', topPages: 3 },
        devices
      ).revenue
      expect(readThroughMapping(revenue, mapping).index).toBe('event_1_timestamp_1')
    }
    const spec = readThroughMapping(
      buildFunnelPipeline({ ...funnel, mode: 'ordered' }, mappedSessionDeviceOptions(posthog)),
      posthog
    )
    expect(spec.pipeline[0]).toHaveProperty('$match')
    expect(spec.index).toBe('event_1_timestamp_1')
    // A strict funnel reads every event (the steps must follow one another): no raw match, no index.
    const strict = buildFunnelPipeline(
      { ...funnel, mode: 'strict' },
      mappedSessionDeviceOptions(posthog)
    )
    expect(readThroughMapping(strict, posthog).index).toBeUndefined()
  })

  it('no index where nothing goes before the prefix (devices of derived sessions)', () => {
    const devices = buildOverviewPipelines(
      { range: {}, segment: {}, timeZone: 'UTC', topPages: 3 },
      mappedSessionDeviceOptions(segment)
    ).devices
    const spec = readThroughMapping(devices, segment)
    expect(spec.pipeline[0]).toHaveProperty('$project')
    expect(spec.index).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import type { EventDocument } from '../../../src/shared/journeys/documents'
import type { FunnelQuery } from '../../../src/shared/journeys/query-schemas'
import { TIME_TO_CONVERT_BUCKETS } from '../../../src/shared/journeys/results'
import {
  timeToConvertBucket,
  TimeToConvertHistogram
} from '../../../src/shared/journeys/time-to-convert'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import {
  buildFunnelPipeline,
  funnelResultFromRows,
  type FunnelRow
} from '../../../src/main/engine/pipelines'
import { funnelByDocumentReducer, timeToConvert } from '../engine/journey-fixture'
import { runAggregate } from './mingo-runner'
import { localEngineOver, testContext } from './parity-data'

const T0 = Date.UTC(2025, 5, 1)

/** Delays (ms) right at and just below every bucket boundary, and where each lands. */
const DELAYS: [number, string][] = [
  [0, 'under 1 min'],
  [59_999, 'under 1 min'],
  [60_000, '1–5 min'],
  [299_999, '1–5 min'],
  [300_000, '5–30 min'],
  [1_799_999, '5–30 min'],
  [1_800_000, '30 min–2 h'],
  [7_199_999, '30 min–2 h'],
  [7_200_000, '2–12 h'],
  [43_200_000, '12 h–1 d'],
  [86_399_999, '12 h–1 d'],
  [86_400_000, '1–3 d'],
  [259_200_000, '3–7 d'],
  [604_799_999, '3–7 d'],
  [604_800_000, 'more'],
  [9_000_000_000, 'more']
]

describe('time-to-convert buckets', () => {
  it('puts each boundary in the bucket it starts (lower bound inclusive)', () => {
    for (const [ms, label] of DELAYS) {
      expect(TIME_TO_CONVERT_BUCKETS[timeToConvertBucket(ms / 1000)]?.label, `${ms} ms`).toBe(label)
    }
    expect(timeToConvertBucket(-1)).toBe(0)
  })

  it('lists every bucket in order, zeros included, with their bounds', () => {
    const histogram = new TimeToConvertHistogram()
    histogram.add(59.999)
    histogram.add(60, 3)
    const result = histogram.result()
    expect(result.map((b) => b.label)).toEqual(TIME_TO_CONVERT_BUCKETS.map((b) => b.label))
    expect(result[0]).toEqual({ label: 'under 1 min', fromSeconds: 0, toSeconds: 60, users: 1 })
    expect(result[1]).toEqual({ label: '1–5 min', fromSeconds: 60, toSeconds: 300, users: 3 })
    expect(result.at(-1)).toEqual({
      label: 'more',
      fromSeconds: 604_800,
      toSeconds: null,
      users: 0
    })
    expect(result.slice(2).every((b) => b.users === 0)).toBe(true)
  })

  it('agrees in the pipeline (mingo), the local engine and the document reducer at every boundary', async () => {
    // One user per delay: A at T0, B `delay` ms later; the window holds them all.
    const events: EventDocument[] = DELAYS.flatMap(([ms], i) => [
      {
        _id: `a${i}`,
        userId: `u${i}`,
        sessionId: `s${i}`,
        eventType: 'A',
        timestamp: new Date(T0)
      },
      {
        _id: `b${i}`,
        userId: `u${i}`,
        sessionId: `s${i}`,
        eventType: 'B',
        timestamp: new Date(T0 + ms)
      }
    ])
    const query: EngineQuery<FunnelQuery> = {
      range: {},
      segment: {},
      steps: [{ eventType: 'A' }, { eventType: 'B' }],
      mode: 'ordered',
      windowSeconds: 366 * 86_400
    }
    const expected: Record<string, number> = {}
    for (const [, label] of DELAYS) expected[label] = (expected[label] ?? 0) + 1
    const collections = () => ({ users: [], sessions: [], events: events.map((e) => ({ ...e })) })
    const pipeline = funnelResultFromRows(
      query,
      runAggregate<FunnelRow>(collections(), buildFunnelPipeline(query))
    ).result
    expect(pipeline.steps[1]?.timeToConvert).toEqual(timeToConvert(expected))
    expect(pipeline.steps[0]?.timeToConvert).toBeNull()
    const { plan: _plan, ...local } = await (
      await localEngineOver(collections())
    ).funnel(query, testContext())
    expect(local).toEqual(pipeline)
    expect(funnelByDocumentReducer(collections(), query).result).toEqual(pipeline)
  })
})

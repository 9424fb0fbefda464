import { describe, expect, it } from 'vitest'
import type { FunnelResult, FunnelStepResult } from '../../../src/shared/journeys/results'
import { TimeToConvertHistogram } from '../../../src/shared/journeys/time-to-convert'
import { funnelChartRows } from '../../../src/renderer/src/features/funnels/funnel-chart-rows'

const plan = { strategy: 'local' as const, steps: [], notes: [] }

function step(
  label: string,
  users: number,
  previous: number | null,
  first: number,
  seconds: number[]
): FunnelStepResult {
  const histogram = new TimeToConvertHistogram()
  for (const s of seconds) histogram.add(s)
  return {
    label,
    users,
    conversionFromStart: first === 0 ? 0 : users / first,
    conversionFromPrevious: previous === null ? 1 : previous === 0 ? 0 : users / previous,
    medianSecondsFromPrevious:
      previous === null ? null : (seconds[Math.floor(seconds.length / 2)] ?? null),
    timeToConvert: previous === null ? null : histogram.result()
  }
}

function result(): FunnelResult {
  return {
    steps: [
      step('PAGE_VIEW /cart', 8, null, 8, []),
      step('PAGE_VIEW /checkout*', 5, 8, 8, [10, 30, 90, 400, 4000]),
      step('PURCHASE', 2, 5, 8, [20, 100_000])
    ],
    breakdown: [
      {
        key: 'Chrome',
        steps: [step('a', 6, null, 6, []), step('b', 4, 6, 6, []), step('c', 2, 4, 6, [])]
      },
      {
        key: 'Firefox',
        steps: [step('a', 2, null, 2, []), step('b', 1, 2, 2, []), step('c', 0, 1, 2, [])]
      }
    ],
    plan
  }
}

describe('funnelChartRows', () => {
  it('gives a bar per step with its share of the entrants', () => {
    const rows = funnelChartRows(result())
    expect(rows.entered).toBe(8)
    expect(rows.bars.map((b) => [b.step, b.users, b.barShare])).toEqual([
      [1, 8, 1],
      [2, 5, 0.625],
      [3, 2, 0.25]
    ])
  })

  it('counts the drop-off before each step from step 2 on, as funnelUsers dropped lists them', () => {
    expect(funnelChartRows(result()).dropOffs).toEqual([
      {
        step: 2,
        fromLabel: 'PAGE_VIEW /cart',
        toLabel: 'PAGE_VIEW /checkout*',
        users: 3,
        share: 0.375
      },
      { step: 3, fromLabel: 'PAGE_VIEW /checkout*', toLabel: 'PURCHASE', users: 3, share: 0.6 }
    ])
  })

  it('gives each step after the first its time-to-convert buckets with their shares', () => {
    const [second, third] = funnelChartRows(result()).histograms
    expect(second?.step).toBe(2)
    expect(second?.buckets.map((b) => [b.label, b.users, b.share])).toEqual([
      ['under 1 min', 2, 0.4],
      ['1–5 min', 1, 0.2],
      ['5–30 min', 1, 0.2],
      ['30 min–2 h', 1, 0.2],
      ['2–12 h', 0, 0],
      ['12 h–1 d', 0, 0],
      ['1–3 d', 0, 0],
      ['3–7 d', 0, 0],
      ['more', 0, 0]
    ])
    expect(third?.buckets.filter((b) => b.users > 0).map((b) => b.label)).toEqual([
      'under 1 min',
      '1–3 d'
    ])
  })

  it('lays the breakdown out as grouped bars: a row per step, a value per group', () => {
    const breakdown = funnelChartRows(result()).breakdown
    expect(breakdown?.groups).toEqual(['Chrome', 'Firefox'])
    expect(breakdown?.summary).toEqual([
      { group: 'Chrome', entered: 6, reached: 2, conversionFromStart: 2 / 6 },
      { group: 'Firefox', entered: 2, reached: 0, conversionFromStart: 0 }
    ])
    expect(breakdown?.rows[2]).toEqual({
      step: 3,
      label: 'PURCHASE',
      values: [
        { group: 'Chrome', users: 2, conversionFromStart: 2 / 6 },
        { group: 'Firefox', users: 0, conversionFromStart: 0 }
      ]
    })
    expect(funnelChartRows({ ...result(), breakdown: undefined }).breakdown).toBeNull()
  })

  it('is memoised per result, and handles a funnel nobody entered', () => {
    const r = result()
    expect(funnelChartRows(r)).toBe(funnelChartRows(r))
    const empty = funnelChartRows({
      steps: [step('a', 0, null, 0, []), step('b', 0, 0, 0, [])],
      plan
    })
    expect(empty.entered).toBe(0)
    expect(empty.bars.map((b) => b.barShare)).toEqual([0, 0])
    expect(empty.dropOffs[0]).toMatchObject({ users: 0, share: 0 })
  })
})

import { describe, expect, it } from 'vitest'
import { selectsFunnelUserOutcome } from '../../../src/main/engine/reducers/funnel-user-selection'
import { funnelUsersQuerySchema } from '../../../src/shared/journeys/query-schemas'
import { TIME_TO_CONVERT_BUCKETS } from '../../../src/shared/journeys/results'
import {
  timeToConvertBucket,
  timeToConvertBucketMs
} from '../../../src/shared/journeys/time-to-convert'

describe('time-to-convert buckets in milliseconds', () => {
  it('select the same whole milliseconds as the bucket of ms / 1000', () => {
    for (const [index, bucket] of TIME_TO_CONVERT_BUCKETS.entries()) {
      const { fromMs, toMs } = timeToConvertBucketMs(index)
      expect(fromMs).toBe(bucket.from * 1000)
      for (const ms of [
        fromMs - 1,
        fromMs,
        fromMs + 1,
        ...(toMs === null ? [] : [toMs - 1, toMs])
      ]) {
        if (ms < 0) continue
        const inRange = ms >= fromMs && (toMs === null || ms < toMs)
        expect(timeToConvertBucket(ms / 1000) === index, `${String(ms)} ms`).toBe(inRange)
      }
    }
    expect(() => timeToConvertBucketMs(TIME_TO_CONVERT_BUCKETS.length)).toThrow(RangeError)
  })
})

describe('funnel users of a group or a bucket', () => {
  const base = {
    source: { kind: 'demo' as const },
    steps: [{ eventType: 'A' }, { eventType: 'B' }],
    step: 2,
    outcome: 'reached' as const
  }

  it('a group needs a breakdown; a bucket needs reached users of step 2 or later', () => {
    const problems = (input: Record<string, unknown>) => {
      const parsed = funnelUsersQuerySchema.safeParse({ ...base, ...input })
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'))
    }
    expect(problems({ breakdownValue: 'Chrome' })).toEqual(['breakdownValue'])
    expect(problems({ breakdownValue: 'Chrome', breakdown: 'browser' })).toEqual([])
    expect(problems({ timeToConvertBucket: 1, outcome: 'dropped' })).toEqual([
      'timeToConvertBucket'
    ])
    expect(problems({ timeToConvertBucket: 1, step: 1 })).toEqual(['timeToConvertBucket'])
    expect(problems({ timeToConvertBucket: TIME_TO_CONVERT_BUCKETS.length })).toEqual([
      'timeToConvertBucket'
    ])
    expect(problems({ timeToConvertBucket: 0 })).toEqual([])
  })

  it('selects by the entry session key and the seconds from the step before', () => {
    // Step 1 at 0, step 2 at 60 s (1–5 min), step 3 at 59.999 s later (under 1 min).
    const outcome = { furthest: 3, times: [0, 60_000, 119_999] }
    const select = (selection: Record<string, unknown>, key?: string) =>
      selectsFunnelUserOutcome({ step: 2, outcome: 'reached', ...selection }, outcome, key)
    expect(select({ timeToConvertBucket: 1 })).toBe(true)
    expect(select({ timeToConvertBucket: 0 })).toBe(false)
    expect(select({ step: 3, timeToConvertBucket: 0 })).toBe(true)
    expect(select({ breakdownValue: 'Chrome' }, 'Chrome')).toBe(true)
    expect(select({ breakdownValue: 'Chrome' }, 'Safari')).toBe(false)
    expect(select({ step: 4, outcome: 'dropped', breakdownValue: 'Chrome' }, 'Chrome')).toBe(true)
    expect(selectsFunnelUserOutcome({ step: 2, outcome: 'reached' }, null, undefined)).toBe(false)
  })
})

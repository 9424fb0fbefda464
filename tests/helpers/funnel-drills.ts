import type { FunnelResult } from '../../src/shared/journeys/results'

/** What a drill adds to a funnel query to make a funnel-users query. */
export interface DrillFields {
  step: number
  outcome: 'reached' | 'dropped'
  breakdownValue?: string
  timeToConvertBucket?: number
  page: { offset: number; limit: number }
}

export interface FunnelDrill<Q> {
  label: string
  query: Q
  /** How many users the funnel result says the drill lists. */
  users: number
}

/**
 * The drill-downs of a funnel result that list someone: at step 2, the fullest breakdown group's
 * reached and dropped users, the fullest time-to-convert bucket's users, and that bucket within
 * the group, each with the count the funnel shows for it.
 */
export function funnelDrills<Q extends object>(
  result: Pick<FunnelResult, 'steps' | 'breakdown'>,
  query: Q
): FunnelDrill<Q & DrillFields>[] {
  const page = { offset: 0, limit: 7 }
  const drills: FunnelDrill<Q & DrillFields>[] = []
  const fullestBucket = (steps: FunnelResult['steps']) => {
    const buckets = steps[1]?.timeToConvert ?? []
    let best = -1
    for (const [index, bucket] of buckets.entries()) {
      if (bucket.users > 0 && (best < 0 || bucket.users > (buckets[best]?.users ?? 0))) best = index
    }
    return best < 0 ? null : { index: best, users: buckets[best]?.users ?? 0 }
  }
  const bucket = fullestBucket(result.steps)
  if (bucket) {
    drills.push({
      label: `bucket ${String(bucket.index)}`,
      query: { ...query, step: 2, outcome: 'reached', timeToConvertBucket: bucket.index, page },
      users: bucket.users
    })
  }
  const group = [...(result.breakdown ?? [])]
    .filter((candidate) => (candidate.steps[1]?.users ?? 0) > 0)
    .sort((a, b) => (b.steps[1]?.users ?? 0) - (a.steps[1]?.users ?? 0))[0]
  if (group) {
    const reached = group.steps[1]?.users ?? 0
    drills.push(
      {
        label: `group ${group.key} reached`,
        query: { ...query, step: 2, outcome: 'reached', breakdownValue: group.key, page },
        users: reached
      },
      {
        label: `group ${group.key} dropped`,
        query: { ...query, step: 2, outcome: 'dropped', breakdownValue: group.key, page },
        users: (group.steps[0]?.users ?? 0) - reached
      }
    )
    const inGroup = fullestBucket(group.steps)
    if (inGroup) {
      drills.push({
        label: `group ${group.key} bucket ${String(inGroup.index)}`,
        query: {
          ...query,
          step: 2,
          outcome: 'reached',
          breakdownValue: group.key,
          timeToConvertBucket: inGroup.index,
          page
        },
        users: inGroup.users
      })
    }
  }
  return drills
}

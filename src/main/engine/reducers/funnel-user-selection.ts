import { timeToConvertBucket } from '../../../shared/journeys/time-to-convert'

/** Which users a funnel-users query selects, by the step and outcome it asks for. */
export interface FunnelUserSelection {
  /** 1-based step. */
  step: number
  outcome: 'reached' | 'dropped'
  /** Only the users whose breakdown key (of their entry session) is this. */
  breakdownValue?: string | undefined
  /** Only the users whose seconds from step - 1 to step are in this bucket (outcome reached). */
  timeToConvertBucket?: number | undefined
}

/**
 * `reached`: the user's furthest step is at least `step`; `dropped`: it is exactly `step - 1`
 * (nobody drops at step 1). `furthest` is 0 for a user who never entered.
 */
export function selectsFunnelUser(selection: FunnelUserSelection, furthest: number): boolean {
  return selection.outcome === 'reached'
    ? furthest >= selection.step
    : selection.step >= 2 && furthest === selection.step - 1
}

/**
 * `selectsFunnelUser`, then the breakdown group (`breakdownKey`: the key of the user's entry
 * session, as the funnel's groups) and the time-to-convert bucket (the seconds between the user's
 * times of step - 1 and step, bucketed as the histogram does). `outcome` null: never entered.
 */
export function selectsFunnelUserOutcome(
  selection: FunnelUserSelection,
  outcome: { furthest: number; times: readonly number[] } | null,
  breakdownKey: string | undefined
): boolean {
  if (!selectsFunnelUser(selection, outcome?.furthest ?? 0)) return false
  if (selection.breakdownValue !== undefined && breakdownKey !== selection.breakdownValue) {
    return false
  }
  if (selection.timeToConvertBucket !== undefined) {
    const k = selection.step
    const times = outcome?.times ?? []
    if (k < 2 || times.length < k) return false
    const seconds = ((times[k - 1] as number) - (times[k - 2] as number)) / 1000
    if (timeToConvertBucket(seconds) !== selection.timeToConvertBucket) return false
  }
  return true
}

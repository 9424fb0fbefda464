import type { DocumentId } from '../../../shared/journeys/documents'
import type { PageRequest } from '../../../shared/journeys/query-schemas'
import type { FunnelResult, FunnelStepResult } from '../../../shared/journeys/results'
import { TimeToConvertHistogram } from '../../../shared/journeys/time-to-convert'
import { compareIds } from '../rules/compare-ids'
import { UNKNOWN_DEVICE } from '../rules/device-values'
import { compareBreakdownGroups, stepConversions } from '../rules/funnel-arithmetic'
import { exactMedian } from '../rules/median'
import { selectsFunnelUserOutcome, type FunnelUserSelection } from './funnel-user-selection'

/** The part of a user's outcome the accumulators read. */
export interface FunnelOutcomeTimes {
  furthest: number
  times: readonly number[]
}

/** Step counts and the seconds between consecutive steps, for one group of users. */
class FunnelGroupStats {
  /** users[k-1]: users whose furthest step is >= k. */
  readonly users: number[]
  /** secondsFromPrevious[k-1]: seconds from step k-1 to step k of each user who reached k. */
  readonly secondsFromPrevious: number[][]
  /** timeToConvert[k-1]: the same seconds, bucketed. */
  readonly timeToConvert: TimeToConvertHistogram[]

  constructor(stepCount: number) {
    this.users = new Array<number>(stepCount).fill(0)
    this.secondsFromPrevious = Array.from({ length: stepCount }, () => [])
    this.timeToConvert = Array.from({ length: stepCount }, () => new TimeToConvertHistogram())
  }

  add(outcome: FunnelOutcomeTimes): void {
    for (let k = 1; k <= outcome.furthest; k++) {
      this.users[k - 1] = (this.users[k - 1] as number) + 1
      if (k >= 2) {
        const seconds = ((outcome.times[k - 1] as number) - (outcome.times[k - 2] as number)) / 1000
        ;(this.secondsFromPrevious[k - 1] as number[]).push(seconds)
        ;(this.timeToConvert[k - 1] as TimeToConvertHistogram).add(seconds)
      }
    }
  }

  stepResults(labels: readonly string[]): FunnelStepResult[] {
    return labels.map((label, index) => {
      return {
        label,
        users: this.users[index] as number,
        ...stepConversions(this.users, index),
        medianSecondsFromPrevious:
          index === 0 ? null : exactMedian(this.secondsFromPrevious[index] as number[]),
        timeToConvert:
          index === 0 ? null : (this.timeToConvert[index] as TimeToConvertHistogram).result()
      }
    })
  }
}

/**
 * Turns user outcomes into a funnel result: per-step users, conversions and exact medians, and,
 * when a breakdown is asked for, the same per breakdown key. Feed it user by user with `add`.
 */
export class FunnelAccumulator {
  private readonly all: FunnelGroupStats
  private readonly groups = new Map<string, FunnelGroupStats>()

  constructor(
    private readonly labels: readonly string[],
    private readonly withBreakdown: boolean
  ) {
    this.all = new FunnelGroupStats(labels.length)
  }

  /** One user's outcome; `breakdownKey` is required when the funnel has a breakdown. */
  add(outcome: FunnelOutcomeTimes, breakdownKey?: string): void {
    this.all.add(outcome)
    if (!this.withBreakdown) return
    const key = breakdownKey ?? UNKNOWN_DEVICE
    let group = this.groups.get(key)
    if (!group) {
      group = new FunnelGroupStats(this.labels.length)
      this.groups.set(key, group)
    }
    group.add(outcome)
  }

  result(): Omit<FunnelResult, 'plan'> {
    const steps = this.all.stepResults(this.labels)
    if (!this.withBreakdown) return { steps }
    const breakdown = [...this.groups.entries()]
      .sort(([keyA, a], [keyB, b]) =>
        compareBreakdownGroups(
          { key: keyA, firstStepUsers: a.users[0] as number },
          { key: keyB, firstStepUsers: b.users[0] as number }
        )
      )
      .map(([key, group]) => ({ key, steps: group.stepResults(this.labels) }))
    return { steps, breakdown }
  }
}

/** One page of the selected users' ids (contacts are added by the engine), and their total. */
export interface FunnelUserIdsPage {
  userIds: DocumentId[]
  total: number
}

/**
 * Collects the users who `reached` a step (furthest >= step) or `dropped` at it (furthest =
 * step - 1; nobody drops at step 1), optionally of one breakdown group and one time-to-convert
 * bucket, and pages them in BSON id order.
 */
export class FunnelUsersCollector {
  private readonly userIds: DocumentId[] = []

  constructor(private readonly selection: FunnelUserSelection) {}

  /**
   * One user with their outcome (null when they never entered) and, when the funnel has a
   * breakdown, the key of their entry session.
   */
  add(userId: DocumentId, outcome: FunnelOutcomeTimes | null, breakdownKey?: string): void {
    if (selectsFunnelUserOutcome(this.selection, outcome, breakdownKey)) this.userIds.push(userId)
  }

  result(page: PageRequest): FunnelUserIdsPage {
    this.userIds.sort(compareIds)
    return {
      userIds: this.userIds.slice(page.offset, page.offset + page.limit),
      total: this.userIds.length
    }
  }
}

import type { DocumentId } from '../../../shared/journeys/documents'
import type { FunnelQuery } from '../../../shared/journeys/query-schemas'
import type {
  FunnelResult,
  FunnelStepResult,
  FunnelUsersResult,
  TimeToConvertCount
} from '../../../shared/journeys/results'
import { TimeToConvertHistogram } from '../../../shared/journeys/time-to-convert'
import { UNKNOWN_DEVICE } from '../rules/device-values'
import { compareBreakdownGroups, stepConversions } from '../rules/funnel-arithmetic'
import { funnelStepLabels } from '../rules/step-labels'
import { contactOf } from '../rules/user-contacts'

/** A row of `buildFunnelPipeline`: n users of group g reached step k, d ms after step k-1. */
export interface FunnelRow {
  _id: { g?: string | null; k: number; d?: number | null }
  n: number
}

/** Users of one group: per step, the count and the (delay ms -> users) histogram. */
class FunnelGroupRows {
  readonly users: number[]
  readonly delays: Map<number, number>[]

  constructor(stepCount: number) {
    this.users = new Array<number>(stepCount).fill(0)
    this.delays = Array.from({ length: stepCount }, () => new Map<number, number>())
  }

  add(k: number, d: number | null | undefined, n: number): void {
    this.users[k - 1] = (this.users[k - 1] ?? 0) + n
    if (k >= 2 && typeof d === 'number') {
      const delays = this.delays[k - 1] as Map<number, number>
      delays.set(d, (delays.get(d) ?? 0) + n)
    }
  }

  stepResults(labels: readonly string[]): FunnelStepResult[] {
    return labels.map((label, index) => {
      return {
        label,
        users: this.users[index] ?? 0,
        ...stepConversions(this.users, index),
        medianSecondsFromPrevious:
          index === 0 ? null : weightedMedianSeconds(this.delays[index] as Map<number, number>),
        timeToConvert:
          index === 0 ? null : timeToConvertOf(this.delays[index] as Map<number, number>)
      }
    })
  }
}

/**
 * The exact median in seconds of a histogram of millisecond delays, as the reducers compute it:
 * seconds first (ms / 1000), then the middle value or the mean of the two middle values.
 */
export function weightedMedianSeconds(histogram: ReadonlyMap<number, number>): number | null {
  const entries = [...histogram.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b)
  const total = entries.reduce((sum, [, n]) => sum + n, 0)
  if (total === 0) return null
  const valueAt = (position: number): number => {
    let seen = 0
    for (const [d, n] of entries) {
      seen += n
      if (position < seen) return d / 1000
    }
    throw new Error('unreachable: position beyond the histogram')
  }
  const middle = total >> 1
  if (total % 2 === 1) return valueAt(middle)
  return (valueAt(middle - 1) + valueAt(middle)) / 2
}

/**
 * The time-to-convert histogram of a histogram of millisecond delays: each delay in seconds
 * (ms / 1000, as the reducers compute it) goes to its bucket with its users, so the buckets are
 * decided by the same function in every engine (no `$bucket`, whose boundaries differ between
 * servers and mingo).
 */
export function timeToConvertOf(histogram: ReadonlyMap<number, number>): TimeToConvertCount[] {
  const buckets = new TimeToConvertHistogram()
  for (const [delayMs, users] of histogram) buckets.add(delayMs / 1000, users)
  return buckets.result()
}

/** The funnel result (without plan) and how many users had their events capped. */
export function funnelResultFromRows(
  query: Pick<FunnelQuery, 'steps' | 'mode' | 'breakdown'>,
  rows: Iterable<FunnelRow>
): { result: Omit<FunnelResult, 'plan'>; cappedUsers: number } {
  const stepCount = query.steps.length
  const labels = funnelStepLabels(query.steps, query.mode)
  const groups = new Map<string, FunnelGroupRows>()
  const all = new FunnelGroupRows(stepCount)
  let cappedUsers = 0
  for (const row of rows) {
    const { k, d } = row._id
    if (k === 0) {
      cappedUsers += row.n
      continue
    }
    all.add(k, d, row.n)
    if (!query.breakdown) continue
    const key = row._id.g ?? UNKNOWN_DEVICE
    let group = groups.get(key)
    if (!group) {
      group = new FunnelGroupRows(stepCount)
      groups.set(key, group)
    }
    group.add(k, d, row.n)
  }
  const steps = all.stepResults(labels)
  if (!query.breakdown) return { result: { steps }, cappedUsers }
  const breakdown = [...groups.entries()]
    .sort(([keyA, a], [keyB, b]) =>
      compareBreakdownGroups(
        { key: keyA, firstStepUsers: a.users[0] ?? 0 },
        { key: keyB, firstStepUsers: b.users[0] ?? 0 }
      )
    )
    .map(([key, group]) => ({ key, steps: group.stepResults(labels) }))
  return { result: { steps, breakdown }, cappedUsers }
}

/** A row of a users page: the user id and the looked-up name and email (userContactLookupStages). */
export interface UserContactRow {
  _id: DocumentId
  n?: unknown
  e?: unknown
}

/** The funnel-users page from the rows of `buildFunnelUsersPipelines`. */
export function funnelUsersFromRows(
  pageRows: Iterable<UserContactRow>,
  countRows: Iterable<{ total: number; capped: number }>
): { result: Omit<FunnelUsersResult, 'plan'>; cappedUsers: number } {
  const rows = [...pageRows]
  const users = rows.map((row) => ({
    userId: row._id,
    ...contactOf({ name: row.n, email: row.e })
  }))
  let total = 0
  let cappedUsers = 0
  for (const row of countRows) {
    total += row.total
    cappedUsers += row.capped
  }
  return { result: { users, userIds: rows.map((row) => row._id), total }, cappedUsers }
}

import type { DateRange, FunnelMode } from '../../../shared/journeys/query-schemas'

/**
 * What the per-user funnel reducers need of a query, as numbers: the step count, the window, and the
 * entry range (`entryFromMs <= t < entryToMs`; step-1 matches outside it are not entries).
 */
export interface FunnelShape {
  mode: FunnelMode
  stepCount: number
  windowMs: number
  entryFromMs: number
  entryToMs: number
}

export function funnelShape(query: {
  mode: FunnelMode
  steps: readonly unknown[]
  windowSeconds: number
  range: DateRange
}): FunnelShape {
  return {
    mode: query.mode,
    stepCount: query.steps.length,
    windowMs: query.windowSeconds * 1000,
    entryFromMs: query.range.from ? query.range.from.getTime() : Number.NEGATIVE_INFINITY,
    entryToMs: query.range.to ? query.range.to.getTime() : Number.POSITIVE_INFINITY
  }
}

/**
 * One user's considered events in event order, as parallel columns: time (epoch ms), step mask and
 * an opaque session (an id, or an index in the local engine). Reused from user to user; `reset`
 * keeps the storage.
 */
export class FunnelEventBuffer<S> {
  length = 0
  times: Float64Array
  masks: Int32Array
  readonly sessions: S[] = []

  constructor(capacity = 256) {
    this.times = new Float64Array(capacity)
    this.masks = new Int32Array(capacity)
  }

  reset(): void {
    this.length = 0
  }

  push(time: number, mask: number, session: S): void {
    if (this.length === this.times.length) this.grow()
    this.times[this.length] = time
    this.masks[this.length] = mask
    this.sessions[this.length] = session
    this.length++
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2)
    times.set(this.times)
    const masks = new Int32Array(this.masks.length * 2)
    masks.set(this.masks)
    this.times = times
    this.masks = masks
  }
}

/** Read-only view of a user's events for the reducers (a `FunnelEventBuffer` is one). */
export interface FunnelEvents<S> {
  readonly length: number
  readonly times: ArrayLike<number>
  readonly masks: ArrayLike<number>
  readonly sessions: ArrayLike<S>
}

/** One user's funnel result: furthest step (>= 1), the times of steps 1..furthest, entry's session. */
export interface UserFunnelOutcome<S> {
  furthest: number
  times: number[]
  entrySession: S
}

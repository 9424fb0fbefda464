import type { FunnelEvents, FunnelShape, UserFunnelOutcome } from './funnel-events'
import { scratchFloat64, scratchInt32, scratchSlice } from './scratch-arrays'

/**
 * `strict` mode for one user: matched events must be consecutive among the user's considered events
 * (every in-scope event, matching or not). Keeps the chains produced by the previous event and, per
 * step, the best (latest-entry, earliest on ties) chain seen. Bit masks say which chains exist, so
 * an event costs only as much as the chains it extends.
 */
export function strictFunnelOutcome<S>(
  events: FunnelEvents<S>,
  shape: FunnelShape
): UserFunnelOutcome<S> | null {
  const steps = shape.stepCount
  const { windowMs, entryFromMs, entryToMs } = shape
  // Chain k (1-based) is bit k-1 of a mask; its data lives at index k, its times at k * steps.
  const activeEntry = scratchFloat64(0, steps + 1)
  const activeIndex = scratchInt32(0, steps + 1)
  const activeTimes = scratchFloat64(1, (steps + 1) * steps)
  const bestEntry = scratchFloat64(2, steps + 1)
  const bestIndex = scratchInt32(1, steps + 1)
  const bestTimes = scratchFloat64(3, (steps + 1) * steps)
  const { times, masks } = events
  let active = 0
  let best = 0

  for (let i = 0; i < events.length; i++) {
    const mask = masks[i] as number
    // Chain k continues when this event matches step k and chain k-1 came from the event before.
    const extended = mask & (active << 1)
    const entry = (mask & 1) !== 0
    if (extended === 0 && !entry) {
      active = 0
      continue
    }
    const t = times[i] as number
    let produced = 0
    // Downwards, so chain k-1 is still the one produced by the previous event.
    for (let k = steps; k >= 2; k--) {
      if ((extended & (1 << (k - 1))) === 0) continue
      const chainEntry = activeEntry[k - 1] as number
      if (t - chainEntry > windowMs) continue
      activeEntry[k] = chainEntry
      activeIndex[k] = activeIndex[k - 1] as number
      // Plain loops: `copyWithin`/`subarray` cost a call or an allocation per chain.
      for (let j = 0; j < k - 1; j++) {
        activeTimes[k * steps + j] = activeTimes[(k - 1) * steps + j] as number
      }
      activeTimes[k * steps + k - 1] = t
      produced |= 1 << (k - 1)
    }
    if (entry && t >= entryFromMs && t < entryToMs) {
      activeEntry[1] = t
      activeIndex[1] = i
      activeTimes[steps] = t
      produced |= 1
    }
    active = produced
    for (let k = 1; produced >> (k - 1) !== 0; k++) {
      if ((produced & (1 << (k - 1))) === 0) continue
      if ((best & (1 << (k - 1))) !== 0 && !((activeEntry[k] as number) > (bestEntry[k] as number)))
        continue
      best |= 1 << (k - 1)
      bestEntry[k] = activeEntry[k] as number
      bestIndex[k] = activeIndex[k] as number
      for (let j = 0; j < k; j++) bestTimes[k * steps + j] = activeTimes[k * steps + j] as number
    }
  }

  if (best === 0) return null
  const furthest = 32 - Math.clz32(best)
  const start = furthest * steps
  return {
    furthest,
    times: scratchSlice(bestTimes, start, furthest),
    entrySession: events.sessions[bestIndex[furthest] as number] as S
  }
}

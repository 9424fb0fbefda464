import type { FunnelEvents, FunnelShape, UserFunnelOutcome } from './funnel-events'
import { scratchFloat64, scratchInt32, scratchSlice } from './scratch-arrays'

/**
 * `ordered` mode for one user: keeps, per step k, the chain with the latest entry that has matched
 * steps 1..k (docs/query-semantics.md). One pass, O(events × steps²) in the worst case of copies.
 */
export function orderedFunnelOutcome<S>(
  events: FunnelEvents<S>,
  shape: FunnelShape
): UserFunnelOutcome<S> | null {
  const steps = shape.stepCount
  const { windowMs, entryFromMs, entryToMs } = shape
  // Chain k (1-based) exists when bit k-1 of `chains` is set; its entry time and entry event are
  // at index k, its step times at [k * steps, k * steps + k).
  const entryTime = scratchFloat64(0, steps + 1)
  const entryIndex = scratchInt32(0, steps + 1)
  const chainTimes = scratchFloat64(1, (steps + 1) * steps)
  const { times, masks } = events
  let chains = 0

  for (let i = 0; i < events.length; i++) {
    const mask = masks[i] as number
    // Step k can extend chain k-1 only when the event matches step k and chain k-1 exists.
    const extendable = mask & (chains << 1)
    const entry = (mask & 1) !== 0
    if (extendable === 0 && !entry) continue
    const t = times[i] as number
    // Downwards, so chain[k-1] is still as it was before this event.
    for (let k = steps; k >= 2; k--) {
      if ((extendable & (1 << (k - 1))) === 0) continue
      const previousEntry = entryTime[k - 1] as number
      if (t - previousEntry > windowMs) continue
      if ((chains & (1 << (k - 1))) !== 0 && !(previousEntry > (entryTime[k] as number))) continue
      chains |= 1 << (k - 1)
      entryTime[k] = previousEntry
      entryIndex[k] = entryIndex[k - 1] as number
      // A plain loop: `copyWithin` costs a builtin call per extension.
      for (let j = 0; j < k - 1; j++) {
        chainTimes[k * steps + j] = chainTimes[(k - 1) * steps + j] as number
      }
      chainTimes[k * steps + k - 1] = t
    }
    if (entry && t >= entryFromMs && t < entryToMs) {
      chains |= 1
      entryTime[1] = t
      entryIndex[1] = i
      chainTimes[steps] = t
    }
  }

  if (chains === 0) return null
  const furthest = 32 - Math.clz32(chains)
  const start = furthest * steps
  return {
    furthest,
    times: scratchSlice(chainTimes, start, furthest),
    entrySession: events.sessions[entryIndex[furthest] as number] as S
  }
}

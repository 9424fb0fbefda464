import type { FunnelEvents, FunnelShape, UserFunnelOutcome } from './funnel-events'
import { scratchInt32 } from './scratch-arrays'

/**
 * `any` mode for one user: a sliding window from each anchor (an in-range event matching a step)
 * counts the distinct steps matched by the anchor and the later events within the window. The
 * first anchor with the largest count is the user's chain. O(events × steps).
 */
export function anyFunnelOutcome<S>(
  events: FunnelEvents<S>,
  shape: FunnelShape
): UserFunnelOutcome<S> | null {
  const steps = shape.stepCount
  const { windowMs, entryFromMs, entryToMs } = shape
  const { times, masks } = events
  const n = events.length
  const counts = scratchInt32(0, steps).fill(0, 0, steps)
  let distinct = 0
  let end = 0 // the window of anchor i is [i, end)
  let bestCount = 0
  let bestAnchor = -1

  for (let i = 0; i < n && bestCount < steps; i++) {
    const mask = masks[i] as number
    if (mask === 0) continue
    const t = times[i] as number
    while (end < n && (times[end] as number) - t <= windowMs) {
      const added = masks[end] as number
      for (let s = 0; s < steps; s++) {
        if ((added & (1 << s)) === 0) continue
        const before = counts[s] as number
        counts[s] = before + 1
        if (before === 0) distinct++
      }
      end++
    }
    if (t >= entryFromMs && t < entryToMs && distinct > bestCount) {
      bestCount = distinct
      bestAnchor = i
    }
    // Event i leaves the window before the next anchor.
    for (let s = 0; s < steps; s++) {
      if ((mask & (1 << s)) === 0) continue
      const after = (counts[s] as number) - 1
      counts[s] = after
      if (after === 0) distinct--
    }
  }

  if (bestAnchor < 0) return null
  // Step times: the first event in the window matching each step, in event order then step number.
  const anchorTime = times[bestAnchor] as number
  const stepTimes: number[] = []
  let found = 0
  for (let j = bestAnchor; j < n && stepTimes.length < bestCount; j++) {
    if ((times[j] as number) - anchorTime > windowMs) break
    const fresh = (masks[j] as number) & ~found
    if (fresh === 0) continue
    for (let s = 0; s < steps; s++) {
      if ((fresh & (1 << s)) !== 0) stepTimes.push(times[j] as number)
    }
    found |= fresh
  }
  return {
    furthest: bestCount,
    times: stepTimes,
    entrySession: events.sessions[bestAnchor] as S
  }
}

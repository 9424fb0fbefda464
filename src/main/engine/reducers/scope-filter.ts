import type { EventDocument, SessionDocument } from '../../../shared/journeys/documents'
import type { DateRange, Segment } from '../../../shared/journeys/query-schemas'

export type DeviceInfo = NonNullable<SessionDocument['deviceInfo']>

/** What a scope filter needs of a query. */
export interface ScopeLike {
  range: DateRange
  segment: Segment
}

/** `from <= t < to` in epoch milliseconds; open ends are infinite. */
export interface TimeBounds {
  fromMs: number
  toMs: number
}

/** The range as numbers; `extendToMs` moves `to` later (funnels let later steps finish after `to`). */
export function timeBounds(range: DateRange, extendToMs = 0): TimeBounds {
  return {
    fromMs: range.from ? range.from.getTime() : Number.NEGATIVE_INFINITY,
    toMs: range.to ? range.to.getTime() + extendToMs : Number.POSITIVE_INFINITY
  }
}

/**
 * The browser/OS part of a segment, as a test of a session's `deviceInfo` (undefined when the session
 * is missing, which fails both filters). Null when the segment has no device filter.
 */
export function compileDeviceFilter(
  segment: Segment
): ((device: DeviceInfo | undefined) => boolean) | null {
  const browsers = segment.browsers ? new Set(segment.browsers) : null
  const systems = segment.operatingSystems ? new Set(segment.operatingSystems) : null
  if (!browsers && !systems) return null
  return (device) => {
    if (!device) return false
    if (browsers && !(typeof device.browser === 'string' && browsers.has(device.browser)))
      return false
    if (systems && !(typeof device.os === 'string' && systems.has(device.os))) return false
    return true
  }
}

/**
 * The `metadataEquals` part of a segment: every pair must equal `metadata.<key>` as a whole value of
 * the same type (an array holding the value does not match). Null when there are no pairs.
 */
export function compileMetadataFilter(
  segment: Segment
): ((metadata: EventDocument['metadata']) => boolean) | null {
  const pairs = segment.metadataEquals
  if (!pairs || pairs.length === 0) return null
  return (metadata) => {
    if (!metadata) return false
    for (const { key, value } of pairs) {
      if (metadata[key] !== value) return false
    }
    return true
  }
}

/**
 * Compiles a scope into a predicate over events. `deviceOfSession` returns the `deviceInfo` of the
 * event's session (undefined when the session is missing); it is only called when the segment
 * filters on browser or OS.
 */
export function compileScopeFilter(
  scope: ScopeLike,
  deviceOfSession: (sessionId: EventDocument['sessionId']) => DeviceInfo | undefined,
  options: { extendToMs?: number } = {}
): (event: EventDocument) => boolean {
  const { fromMs, toMs } = timeBounds(scope.range, options.extendToMs ?? 0)
  const deviceFilter = compileDeviceFilter(scope.segment)
  const metadataFilter = compileMetadataFilter(scope.segment)
  return (event) => {
    const t = event.timestamp.getTime()
    if (!(t >= fromMs && t < toMs)) return false
    if (metadataFilter && !metadataFilter(event.metadata)) return false
    if (deviceFilter && !deviceFilter(deviceOfSession(event.sessionId))) return false
    return true
  }
}

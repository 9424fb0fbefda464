import {
  compileDeviceFilter,
  timeBounds,
  type DeviceInfo,
  type ScopeLike
} from '../reducers/scope-filter'
import type { LocalDataset } from './local-dataset'

/**
 * A scope compiled against a loaded data set: time bounds as numbers, the browser/OS filter as one
 * flag per session, and the metadata filter as one flag per event (null when absent).
 */
export interface LocalScope {
  fromMs: number
  toMs: number
  /** sessionPasses[s] === 1 when session s passes the device filter; null when there is none. */
  sessionPasses: Uint8Array | null
  /** eventPasses[i] === 1 when event i passes the metadata filter; null when there is none. */
  eventPasses: Uint8Array | null
}

export function compileLocalScope(
  dataset: LocalDataset,
  scope: ScopeLike,
  extendToMs = 0
): LocalScope {
  const { fromMs, toMs } = timeBounds(scope.range, extendToMs)
  const deviceFilter = compileDeviceFilter(scope.segment)
  let sessionPasses: Uint8Array | null = null
  if (deviceFilter) {
    const passes = new Uint8Array(dataset.sessionCount)
    for (let s = 0; s < passes.length; s++) {
      // A missing session (or one without deviceInfo) fails both filters.
      if (deviceFilter(sessionDevice(dataset, s))) passes[s] = 1
    }
    sessionPasses = passes
  }
  const pairs = scope.segment.metadataEquals
  const eventPasses = pairs && pairs.length > 0 ? dataset.metadataMatches(pairs) : null
  return { fromMs, toMs, sessionPasses, eventPasses }
}

/**
 * Session s's browser and OS where they are strings: all that any filter, breakdown or count reads
 * of `deviceInfo` (a missing session or deviceInfo reads as `{}`, which passes no filter and
 * counts as `(unknown)`, as a missing one does).
 */
export function sessionDevice(dataset: LocalDataset, s: number): DeviceInfo {
  const browser = dataset.sessionBrowser[s] as number
  const os = dataset.sessionOs[s] as number
  const device: DeviceInfo = {}
  if (browser >= 0) device.browser = dataset.deviceValues[browser]
  if (os >= 0) device.os = dataset.deviceValues[os]
  return device
}

/** Whether event i (a position in the data set's event order) is in scope. */
export function eventInScope(dataset: LocalDataset, scope: LocalScope, i: number): boolean {
  const t = dataset.eventTime[i] as number
  if (!(t >= scope.fromMs && t < scope.toMs)) return false
  if (scope.sessionPasses && scope.sessionPasses[dataset.eventSession[i] as number] !== 1)
    return false
  if (scope.eventPasses && scope.eventPasses[i] !== 1) return false
  return true
}

/** Describes the scope for plan notes. */
export function describeScope(scope: ScopeLike): string {
  const parts: string[] = []
  if (scope.range.from) parts.push(`from ${scope.range.from.toISOString()}`)
  if (scope.range.to) parts.push(`before ${scope.range.to.toISOString()}`)
  const { browsers, operatingSystems, metadataEquals } = scope.segment
  if (browsers) parts.push(`browser in [${browsers.join(', ')}]`)
  if (operatingSystems) parts.push(`OS in [${operatingSystems.join(', ')}]`)
  for (const { key, value } of metadataEquals ?? [])
    parts.push(`metadata.${key} = ${JSON.stringify(value)}`)
  return parts.length === 0 ? 'all events' : parts.join(', ')
}

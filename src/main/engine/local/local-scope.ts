import type { EventDocument } from '../../../shared/journeys/documents'
import {
  compileDeviceFilter,
  compileMetadataFilter,
  timeBounds,
  type ScopeLike
} from '../reducers/scope-filter'
import type { LocalDataset } from './local-dataset'

/**
 * A scope compiled against a loaded data set: time bounds as numbers, the browser/OS filter as one
 * flag per session, and the metadata filter (null when absent) to run on the document.
 */
export interface LocalScope {
  fromMs: number
  toMs: number
  /** sessionPasses[s] === 1 when session s passes the device filter; null when there is none. */
  sessionPasses: Uint8Array | null
  metadataPasses: ((metadata: EventDocument['metadata']) => boolean) | null
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
    const passes = new Uint8Array(dataset.sessionDocs.length)
    dataset.sessionDocs.forEach((session, s) => {
      // A missing session (or one without deviceInfo) fails both filters.
      if (deviceFilter(session?.deviceInfo ?? undefined)) passes[s] = 1
    })
    sessionPasses = passes
  }
  return { fromMs, toMs, sessionPasses, metadataPasses: compileMetadataFilter(scope.segment) }
}

/** Whether event i (a position in the data set's event order) is in scope. */
export function eventInScope(dataset: LocalDataset, scope: LocalScope, i: number): boolean {
  const t = dataset.eventTime[i] as number
  if (!(t >= scope.fromMs && t < scope.toMs)) return false
  if (scope.sessionPasses && scope.sessionPasses[dataset.eventSession[i] as number] !== 1)
    return false
  if (
    scope.metadataPasses &&
    !scope.metadataPasses((dataset.events[i] as EventDocument).metadata)
  ) {
    return false
  }
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

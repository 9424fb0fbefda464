import { useMemo } from 'react'
import type { Scope } from '../../../../shared/journeys/query-schemas'
import { useRoute } from '../routes/navigation'
import { useActiveSource } from '../source/use-active-source'
import { toDataSource, sourceParam, type ActiveSource } from '../source/active-source'
import { readScope, toDateRange, toSegment, type ScopeSelection } from './scope-selection'

export interface ScopeInUse {
  source: ActiveSource
  /** `demo` or `<connection>/<database>`: a key for anything kept per source. */
  sourceKey: string
  selection: ScopeSelection
  /** Source, range and segment as the journeys contract takes them. */
  scope: Scope
  /** The browser's time zone, in which overview days are counted. */
  timeZone: string
}

const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/** The active source and the scope bar's selection, ready to put in a query. */
export function useScope(): ScopeInUse {
  const route = useRoute()
  const source = useActiveSource()
  const sourceKey = sourceParam(source)
  const selection = useMemo(() => readScope(route.params), [route.params])
  // Day precision: "last 7 days" moves at midnight, not on every render.
  const today = new Date().toDateString()
  const scope = useMemo<Scope>(
    () => ({
      source: toDataSource(source),
      range: toDateRange(selection, new Date(today)),
      segment: toSegment(selection)
    }),
    [source, selection, today]
  )
  return { source, sourceKey, selection, scope, timeZone: TIME_ZONE }
}

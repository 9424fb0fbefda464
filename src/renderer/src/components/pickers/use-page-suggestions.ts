import { useEffect, useMemo } from 'react'
import { useJourneyQuery } from '../../app/query/use-journey-query'
import { useCatalogueStore } from '../../app/scope/catalogue-store'
import { useScope } from '../../app/scope/use-scope'
import { needsPrefixLookup, suggestPages, type PageSuggestion } from './page-suggestions'
import { useDebouncedValue } from './use-debounced-value'

/**
 * Page suggestions for what the user has typed, from the source's catalogue (the busiest 1,000
 * pages, cached per source); when the catalogue was cut, the pages under the typed prefix are asked
 * for. `unavailable` says why there are none (an engine without a catalogue): typing still works.
 */
export function usePageSuggestions(text: string): {
  suggestions: PageSuggestion[]
  unavailable: string | null
} {
  const { sourceKey, scope } = useScope()
  const catalogue = useCatalogueStore((state) => state.bySource[sourceKey])
  const loadCatalogue = useCatalogueStore((state) => state.load)
  useEffect(() => {
    void loadCatalogue(sourceKey, scope.source)
  }, [loadCatalogue, sourceKey, scope.source])

  const typed = useDebouncedValue(text, 250)
  const ready = catalogue?.status === 'ready' ? catalogue.result : null
  const lookup = useJourneyQuery(
    'catalogue',
    ready && needsPrefixLookup(ready, typed) ? { source: scope.source, pagePrefix: typed } : null
  )
  const fresh = lookup.resultKey === lookup.wantedKey ? lookup.result : null
  const suggestions = useMemo(
    () => suggestPages(fresh?.pages ?? ready?.pages ?? [], text),
    [fresh, ready, text]
  )
  return {
    suggestions,
    unavailable: catalogue?.status === 'unavailable' ? catalogue.error.message : null
  }
}

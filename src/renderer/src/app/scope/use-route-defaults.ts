import { useEffect } from 'react'
import { paramOf } from '../routes/route'
import { setParams, useRoute } from '../routes/navigation'
import { parseSourceParam, sourceParam } from '../source/active-source'
import { useSourceStore } from '../source/source-store'
import { rememberScope, rememberedScope } from './scope-memory'
import { hasScopeParams, readScope, scopeParams } from './scope-selection'

/**
 * Keeps the address complete and the memory current: a view without a source gets the remembered
 * one, a view without a scope gets the one its source was last used with (so a copied link always
 * names both); a named source and scope are remembered for next time.
 */
export function useRouteDefaults(): void {
  const route = useRoute()
  const remembered = useSourceStore((state) => state.remembered)
  const remember = useSourceStore((state) => state.remember)
  useEffect(() => {
    const named = parseSourceParam(paramOf(route, 'source'))
    const source = named ?? remembered
    const key = sourceParam(source)
    const changes: Record<string, string | string[]> = {}
    if (!named) changes.source = key
    if (!hasScopeParams(route.params)) {
      const memory = rememberedScope(key)
      if (memory) Object.assign(changes, scopeParams(memory))
    }
    if (Object.keys(changes).length > 0) {
      setParams(changes, { replace: true })
      return
    }
    remember(source)
    if (hasScopeParams(route.params)) rememberScope(key, readScope(route.params))
  }, [route, remembered, remember])
}

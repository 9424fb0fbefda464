import { useEffect } from 'react'
import { paramOf, type ParamChanges, type Route } from '../routes/route'
import { currentRoute, setParams, useRoute } from '../routes/navigation'
import { parseSourceParam, sourceParam, type ActiveSource } from '../source/active-source'
import { useSourceStore } from '../source/source-store'
import { rememberScope, rememberedScope } from './scope-memory'
import { hasScopeParams, readScope, scopeParams } from './scope-selection'

/**
 * What a view's address lacks: the remembered source when it names none, and the scope that source
 * was last used with when it names no scope (so a copied link always names both). Null when complete.
 */
function missingParams(route: Route, remembered: ActiveSource): ParamChanges | null {
  const named = parseSourceParam(paramOf(route, 'source'))
  const key = sourceParam(named ?? remembered)
  const changes: Record<string, string | readonly string[]> = {}
  if (!named) changes.source = key
  if (!hasScopeParams(route.params)) {
    const memory = rememberedScope(key)
    if (memory) Object.assign(changes, scopeParams(memory))
  }
  return Object.keys(changes).length > 0 ? changes : null
}

/**
 * Completes the address the app opened on before its first render, so that render is the only one
 * the first paint waits for (completing it from an effect rendered the whole frame twice).
 */
export function completeStartAddress(): void {
  const changes = missingParams(currentRoute(), useSourceStore.getState().remembered)
  if (changes) setParams(changes, { replace: true })
}

/**
 * Keeps the address complete and the memory current: a view without a source gets the remembered
 * one, a view without a scope gets the one its source was last used with; a named source and scope
 * are remembered for next time.
 */
export function useRouteDefaults(): void {
  const route = useRoute()
  const remembered = useSourceStore((state) => state.remembered)
  const remember = useSourceStore((state) => state.remember)
  useEffect(() => {
    const changes = missingParams(route, remembered)
    if (changes) {
      setParams(changes, { replace: true })
      return
    }
    const source = parseSourceParam(paramOf(route, 'source')) ?? remembered
    remember(source)
    if (hasScopeParams(route.params)) rememberScope(sourceParam(source), readScope(route.params))
  }, [route, remembered, remember])
}

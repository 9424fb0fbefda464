import { currentRoute, goTo } from '../routes/navigation'
import { SHARED_PARAMS, withParams } from '../routes/route'
import { rememberedScope } from '../scope/scope-memory'
import { DEFAULT_SCOPE, scopeParams } from '../scope/scope-selection'
import { sourceParam, type ActiveSource } from './active-source'

/**
 * Makes a source the active one: the same screen (a customer's case file goes back to the search:
 * that customer belongs to the old source), with the scope the new source was last used with.
 */
export function switchSource(next: ActiveSource): void {
  const route = currentRoute()
  const key = sourceParam(next)
  const own = Object.fromEntries(
    Object.entries(route.params).filter(
      ([name]) => !(SHARED_PARAMS as readonly string[]).includes(name)
    )
  )
  const params = withParams(own, {
    source: key,
    ...scopeParams(rememberedScope(key) ?? DEFAULT_SCOPE)
  })
  goTo({
    screen: route.screen,
    segments: route.screen === 'customers' ? [] : route.segments,
    params
  })
}

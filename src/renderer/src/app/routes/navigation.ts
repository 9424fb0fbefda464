import { useSyncExternalStore } from 'react'
import {
  formatHash,
  parseHash,
  sharedParamsOf,
  withParams,
  type ParamChanges,
  type Route,
  type ScreenKey
} from './route'

/*
 * The hash is the one place a view's state lives: reload, back/forward and a copied link reopen it.
 * Components read it with useRoute() and change it with navigate()/setParams().
 */

let cachedHash: string | null = null
let cachedRoute: Route | null = null

/** The route of the current address (parsed once per hash). */
export function currentRoute(): Route {
  const hash = window.location.hash
  if (cachedRoute === null || hash !== cachedHash) {
    cachedHash = hash
    cachedRoute = parseHash(hash)
  }
  return cachedRoute
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  window.addEventListener('popstate', onChange)
  window.addEventListener(LOCAL_CHANGE, onChange)
  return () => {
    window.removeEventListener('hashchange', onChange)
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(LOCAL_CHANGE, onChange)
  }
}

/** The current route; re-renders when it changes. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, currentRoute)
}

// replaceState fires no event of its own.
const LOCAL_CHANGE = 'journey-workbench:route'

export interface NavigateOptions {
  /** Replace the history entry instead of adding one (for changes the Back button should skip). */
  replace?: boolean
}

/** Goes to a route; the same route is a no-op. */
export function goTo(route: Route, options: NavigateOptions = {}): void {
  const hash = formatHash(route)
  if (hash === window.location.hash) return
  const url = `${window.location.pathname}${window.location.search}${hash}`
  if (options.replace) history.replaceState(null, '', url)
  else history.pushState(null, '', url)
  window.dispatchEvent(new Event(LOCAL_CHANGE))
}

/**
 * Opens a screen (with a path below it and its own parameters), carrying the shared parameters
 * (source and scope) along.
 */
export function navigate(
  screen: ScreenKey,
  segments: readonly string[] = [],
  params: ParamChanges = {},
  options: NavigateOptions = {}
): void {
  const shared = sharedParamsOf(currentRoute().params)
  goTo({ screen, segments, params: withParams(shared, params) }, options)
}

/** Changes parameters of the current view (null removes one). */
export function setParams(changes: ParamChanges, options: NavigateOptions = {}): void {
  const route = currentRoute()
  goTo({ ...route, params: withParams(route.params, changes) }, options)
}

/** An href for a link to a screen, carrying the shared parameters of the current view. */
export function hrefTo(
  screen: ScreenKey,
  segments: readonly string[] = [],
  params: ParamChanges = {}
): string {
  const shared = sharedParamsOf(currentRoute().params)
  return formatHash({ screen, segments, params: withParams(shared, params) })
}

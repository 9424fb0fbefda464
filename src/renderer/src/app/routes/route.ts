/** The screens of the side navigation, in its order. */
export const SCREENS = ['customers', 'flows', 'funnels', 'overview', 'connections'] as const
export type ScreenKey = (typeof SCREENS)[number]

/** Where a new window (or an empty hash) lands. */
export const HOME_SCREEN: ScreenKey = 'overview'

/** Query parameters: each name with its values in order (most have one). */
export type RouteParams = Readonly<Record<string, readonly string[]>>

/**
 * A view as it lives in the hash: `#/customers/u000042?session=s1&source=demo`. The screen, the
 * path below it (a customer id, ...) and the parameters (the scope, the screen's own state).
 */
export interface Route {
  screen: ScreenKey
  segments: readonly string[]
  params: RouteParams
}

function isScreen(text: string): text is ScreenKey {
  return (SCREENS as readonly string[]).includes(text)
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Reads a hash (`#/screen/a/b?x=1&y=2`); anything unknown lands on the home screen. */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#/, '')
  const queryAt = body.indexOf('?')
  const path = queryAt >= 0 ? body.slice(0, queryAt) : body
  const query = queryAt >= 0 ? body.slice(queryAt + 1) : ''
  const [first = '', ...rest] = path.split('/').filter((part) => part.length > 0)
  const screenName = safeDecode(first)
  const params: Record<string, string[]> = {}
  for (const [name, value] of new URLSearchParams(query)) (params[name] ??= []).push(value)
  if (!isScreen(screenName)) return { screen: HOME_SCREEN, segments: [], params }
  return { screen: screenName, segments: rest.map(safeDecode), params }
}

/** Writes a route as a hash; parameters keep their order, empty values are left out. */
export function formatHash(route: Route): string {
  const path = [route.screen, ...route.segments].map((part) => encodeURIComponent(part)).join('/')
  const query = new URLSearchParams()
  for (const [name, values] of Object.entries(route.params)) {
    for (const value of values) if (value !== '') query.append(name, value)
  }
  const text = query.toString()
  return `#/${path}${text ? `?${text}` : ''}`
}

/** The first value of a parameter, or undefined. */
export function paramOf(route: Route, name: string): string | undefined {
  return route.params[name]?.[0]
}

/** Changes to parameters: a string or list sets them, null or an empty list removes them. */
export type ParamChanges = Readonly<Record<string, string | readonly string[] | null | undefined>>

export function withParams(params: RouteParams, changes: ParamChanges): RouteParams {
  const next = new Map<string, readonly string[]>(Object.entries(params))
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) continue
    const values = value === null ? [] : typeof value === 'string' ? [value] : value
    if (values.length === 0) next.delete(name)
    else next.set(name, [...values])
  }
  return Object.fromEntries(next)
}

/** The parameters every screen shares (the active source and the scope bar). */
export const SHARED_PARAMS = ['source', 'range', 'from', 'to', 'browser', 'os'] as const

/** Keeps only the shared parameters: what a move to another screen carries along. */
export function sharedParamsOf(params: RouteParams): RouteParams {
  const kept: Record<string, readonly string[]> = {}
  for (const name of SHARED_PARAMS) {
    const values = params[name]
    if (values) kept[name] = values
  }
  return kept
}

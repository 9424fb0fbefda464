import type { DataSource } from '../../../../shared/journeys/data-source'

/** What the app's queries run on: the demo workspace, or a saved connection and one of its databases. */
export type ActiveSource =
  { kind: 'demo' } | { kind: 'connection'; connectionId: string; database: string }

export const DEMO_SOURCE: ActiveSource = { kind: 'demo' }

/** The source as the `source` route parameter spells it: `demo` or `<connection id>/<database>`. */
export function sourceParam(source: ActiveSource): string {
  return source.kind === 'demo' ? 'demo' : `${source.connectionId}/${source.database}`
}

/** Reads a `source` parameter; null when it is not one (database names never hold a `/`). */
export function parseSourceParam(text: string | undefined): ActiveSource | null {
  if (text === undefined) return null
  if (text === 'demo') return DEMO_SOURCE
  const slash = text.indexOf('/')
  if (slash <= 0 || slash === text.length - 1) return null
  const database = text.slice(slash + 1)
  if (database.includes('/') || database.length > 63) return null
  return { kind: 'connection', connectionId: text.slice(0, slash), database }
}

export function sameSource(a: ActiveSource, b: ActiveSource): boolean {
  return sourceParam(a) === sourceParam(b)
}

/** The data source a query names (the contract's type). */
export function toDataSource(source: ActiveSource): DataSource {
  return source.kind === 'demo'
    ? { kind: 'demo' }
    : { kind: 'connection', connectionId: source.connectionId, database: source.database }
}

import type { DataSource } from '../../../../shared/journeys/data-source'

/**
 * What the app's queries run on: the demo workspace, a saved connection and one of its databases,
 * or an offline copy of one ("Work offline").
 */
export type ActiveSource =
  | { kind: 'demo' }
  | { kind: 'connection'; connectionId: string; database: string }
  | { kind: 'workspace'; workspaceId: string }

export const DEMO_SOURCE: ActiveSource = { kind: 'demo' }

const OFFLINE_PREFIX = 'offline:'

/**
 * The source as the `source` route parameter spells it: `demo`, `<connection id>/<database>` or
 * `offline:<copy id>`.
 */
export function sourceParam(source: ActiveSource): string {
  switch (source.kind) {
    case 'demo':
      return 'demo'
    case 'workspace':
      return `${OFFLINE_PREFIX}${source.workspaceId}`
    case 'connection':
      return `${source.connectionId}/${source.database}`
  }
}

/** Reads a `source` parameter; null when it is not one (database names never hold a `/`). */
export function parseSourceParam(text: string | undefined): ActiveSource | null {
  if (text === undefined) return null
  if (text === 'demo') return DEMO_SOURCE
  if (text.startsWith(OFFLINE_PREFIX)) {
    const workspaceId = text.slice(OFFLINE_PREFIX.length)
    return /^[a-f0-9]{16}$/.test(workspaceId) ? { kind: 'workspace', workspaceId } : null
  }
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
  switch (source.kind) {
    case 'demo':
      return { kind: 'demo' }
    case 'workspace':
      return { kind: 'workspace', workspaceId: source.workspaceId }
    case 'connection':
      return { kind: 'connection', connectionId: source.connectionId, database: source.database }
  }
}

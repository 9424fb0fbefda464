import type {
  ConnectionSummary,
  ServerCapabilities
} from '../../../../shared/contracts/connections-contract'
import type { WorkspaceSummary } from '../../../../shared/contracts/workspaces-contract'
import type { ActiveSource } from './active-source'
import type { ServerInfo } from './source-store'

const FLAVOR_NAMES: Record<ServerCapabilities['flavor'], string> = {
  mongodb: 'MongoDB',
  ferretdb: 'FerretDB',
  documentdb: 'Amazon DocumentDB',
  cosmosdb: 'Azure Cosmos DB',
  local: 'Local engine',
  unknown: 'Unknown server'
}

export interface SourceDescription {
  /** "Demo workspace", or the connection's name. */
  name: string
  /** The database, for a connection. */
  database: string | null
  /** "FerretDB 1.24.2", "Local engine"; null while unknown. */
  server: string | null
  /** The query strategy; null while unknown. */
  strategy: ServerCapabilities['strategy'] | null
  /** The connection (or offline copy) is no longer there. */
  missing: boolean
  /** An offline copy: when its data was last read from the server (null: unfinished). */
  offline: { refreshedAt: Date | null } | null
}

/** A server as people name it: "FerretDB 1.24.2", "MongoDB 8.0.4". */
export function serverName(capabilities: Pick<ServerCapabilities, 'flavor' | 'version'>): string {
  return `${FLAVOR_NAMES[capabilities.flavor]} ${capabilities.version}`
}

/** How the header names a source: its name, database, server kind and strategy (once known). */
export function describeSource(
  source: ActiveSource,
  connections: readonly ConnectionSummary[] | null,
  server: ServerInfo | undefined,
  workspaces: readonly WorkspaceSummary[] | null = null
): SourceDescription {
  if (source.kind === 'demo') {
    return {
      name: 'Demo workspace',
      database: null,
      server: 'Local engine',
      strategy: 'local',
      missing: false,
      offline: null
    }
  }
  if (source.kind === 'workspace') {
    const workspace = workspaces?.find((w) => w.id === source.workspaceId)
    return {
      name: workspace ? offlineCopyName(workspace, connections) : 'Offline copy',
      database: workspace?.database ?? null,
      server: 'Local engine',
      strategy: 'local',
      missing: workspaces !== null && !workspace,
      offline: { refreshedAt: workspace?.refreshedAt ?? null }
    }
  }
  const connection = connections?.find((c) => c.id === source.connectionId)
  const capabilities = server?.status === 'ok' ? server.result.capabilities : null
  return {
    name: connection?.name ?? (connections ? 'Removed connection' : 'Connection'),
    database: source.database,
    server: capabilities ? serverName(capabilities) : null,
    strategy: capabilities?.strategy ?? null,
    missing: connections !== null && !connection,
    offline: null
  }
}

/** An offline copy is named after its connection (its hosts once the connection is removed). */
export function offlineCopyName(
  workspace: WorkspaceSummary,
  connections: readonly ConnectionSummary[] | null
): string {
  const connection = connections?.find((c) => c.id === workspace.connectionId)
  return connection?.name ?? workspace.hosts
}

/** The database a connection opens on first: its URI's, else the first one that is not a system one. */
export function defaultDatabaseFor(
  connection: ConnectionSummary,
  databases: readonly string[] | null
): string | null {
  if (connection.defaultDatabase) return connection.defaultDatabase
  const user = (databases ?? []).filter((name) => !['admin', 'config', 'local'].includes(name))
  return user[0] ?? null
}

import { create } from 'zustand'
import type {
  ConnectionSummary,
  ConnectionTestResult
} from '../../../../shared/contracts/connections-contract'
import type { WorkspaceSummary } from '../../../../shared/contracts/workspaces-contract'
import type { ErrorEnvelope } from '../../../../shared/errors'
import { toEnvelope } from '../../api/rpc-error'
import { api } from '../../api/workbench-api'
import { readSetting, writeSetting } from '../settings'
import { DEMO_SOURCE, parseSourceParam, sourceParam, type ActiveSource } from './active-source'

const REMEMBERED_SOURCE = 'source'

/** What the app knows of the server behind a saved connection (from `connections.test`). */
export type ServerInfo =
  | { status: 'checking' }
  | { status: 'ok'; result: ConnectionTestResult }
  | { status: 'failed'; error: ErrorEnvelope }

interface SourceState {
  /** The source used when a link names none: the last one chosen. */
  remembered: ActiveSource
  connections: ConnectionSummary[] | null
  connectionsError: ErrorEnvelope | null
  servers: Record<string, ServerInfo | undefined>
  /** The offline copies ("Work offline"); null until first loaded. */
  workspaces: WorkspaceSummary[] | null
  workspacesError: ErrorEnvelope | null
  /** Grows when a source's data changed under the app (a copy refreshed): queries run again. */
  dataRevision: number
  remember: (source: ActiveSource) => void
  loadConnections: () => Promise<void>
  loadWorkspaces: () => Promise<void>
  /** After a copy's data changed: lists the copies again and makes the screens ask again. */
  dataChanged: () => void
  /** Tests a connection once (again with `force`) to learn its server kind, strategy and databases. */
  checkServer: (connectionId: string, force?: boolean) => Promise<void>
}

export const useSourceStore = create<SourceState>()((set, get) => ({
  remembered: parseSourceParam(readSetting(REMEMBERED_SOURCE) ?? undefined) ?? DEMO_SOURCE,
  connections: null,
  connectionsError: null,
  servers: {},
  workspaces: null,
  workspacesError: null,
  dataRevision: 0,

  remember(source) {
    if (sourceParam(source) === sourceParam(get().remembered)) return
    writeSetting(REMEMBERED_SOURCE, sourceParam(source))
    set({ remembered: source })
  },

  async loadConnections() {
    try {
      set({ connections: await api.connections.list({}), connectionsError: null })
    } catch (error) {
      set({ connectionsError: toEnvelope(error) })
    }
  },

  async loadWorkspaces() {
    try {
      set({ workspaces: await api.workspaces.list({}), workspacesError: null })
    } catch (error) {
      set({ workspacesError: toEnvelope(error) })
    }
  },

  dataChanged() {
    set((state) => ({ dataRevision: state.dataRevision + 1 }))
    void get().loadWorkspaces()
  },

  async checkServer(connectionId, force = false) {
    const known = get().servers[connectionId]
    if (!force && known && known.status !== 'failed') return
    setServer(set, connectionId, { status: 'checking' })
    try {
      const result = await api.connections.test({ id: connectionId })
      setServer(set, connectionId, { status: 'ok', result })
    } catch (error) {
      setServer(set, connectionId, { status: 'failed', error: toEnvelope(error) })
    }
  }
}))

function setServer(
  set: (fn: (state: SourceState) => Partial<SourceState>) => void,
  id: string,
  info: ServerInfo
) {
  set((state) => ({ servers: { ...state.servers, [id]: info } }))
}

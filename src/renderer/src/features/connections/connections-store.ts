import { create } from 'zustand'
import type {
  ConnectionSummary,
  ConnectionTestResult,
  QuerySettings
} from '../../../../shared/contracts/connections-contract'
import type { FieldMapping } from '../../../../shared/mapping/field-mapping'
import type { ErrorEnvelope } from '../../../../shared/errors'
import { api } from '../../api/workbench-api'
import { toEnvelope } from '../../api/rpc-error'
import { useSourceStore } from '../../app/source/source-store'

export type TestState =
  | { status: 'running'; controller: AbortController }
  | { status: 'passed'; result: ConnectionTestResult }
  | { status: 'failed'; error: ErrorEnvelope }
  | { status: 'cancelled' }

interface ConnectionsState {
  connections: ConnectionSummary[]
  loading: boolean
  loadError: ErrorEnvelope | null
  /** What happened to the saved-connections file when it had to be repaired, for this session. */
  storageNotice: string | null
  tests: Record<string, TestState | undefined>
  load: () => Promise<void>
  /** Resolves to the error to show beside the form, or null when the connection was saved. */
  add: (name: string, uri: string) => Promise<ErrorEnvelope | null>
  test: (id: string) => Promise<void>
  cancelTest: (id: string) => void
  remove: (id: string) => Promise<ErrorEnvelope | null>
  /** Resolves to the error to show, or null when the password was taken. */
  setPassword: (id: string, password: string) => Promise<ErrorEnvelope | null>
  /** Resolves to the error to show, or null when the settings were saved. */
  setQuerySettings: (id: string, querySettings: QuerySettings) => Promise<ErrorEnvelope | null>
  /** Resolves to the error to show, or null when the mapping (null: the seed schema) was saved. */
  setFieldMapping: (id: string, mapping: FieldMapping | null) => Promise<ErrorEnvelope | null>
}

export const useConnectionsStore = create<ConnectionsState>()((set, get) => ({
  connections: [],
  loading: false,
  loadError: null,
  storageNotice: null,
  tests: {},

  async load() {
    set({ loading: true })
    try {
      const connections = await api.connections.list({})
      const { notice } = await api.connections.storageNotice({})
      set({ connections, loadError: null, storageNotice: notice })
    } catch (error) {
      set({ loadError: toEnvelope(error) })
    } finally {
      set({ loading: false })
    }
  },

  async add(name, uri) {
    try {
      await api.connections.add({ name, uri })
      await get().load()
      void useSourceStore.getState().loadConnections()
      return null
    } catch (error) {
      return toEnvelope(error)
    }
  },

  async test(id) {
    if (get().tests[id]?.status === 'running') get().cancelTest(id)
    const controller = new AbortController()
    setTest(set, id, { status: 'running', controller })
    try {
      const result = await api.connections.test({ id }, { signal: controller.signal })
      setTest(set, id, { status: 'passed', result })
    } catch (error) {
      const envelope = toEnvelope(error)
      // The user stopped it: not an error of the connection.
      setTest(
        set,
        id,
        envelope.code === 'CANCELLED'
          ? { status: 'cancelled' }
          : { status: 'failed', error: envelope }
      )
    }
  },

  cancelTest(id) {
    const state = get().tests[id]
    if (state?.status === 'running') state.controller.abort()
  },

  async setPassword(id, password) {
    try {
      await api.connections.setPassword({ id, password })
      setTest(set, id, undefined)
      await get().load()
      void useSourceStore.getState().loadConnections()
      return null
    } catch (error) {
      return toEnvelope(error)
    }
  },

  async setQuerySettings(id, querySettings) {
    try {
      await api.connections.setQuerySettings({ id, querySettings })
      await get().load()
      return null
    } catch (error) {
      return toEnvelope(error)
    }
  },

  async setFieldMapping(id, mapping) {
    try {
      await api.connections.setFieldMapping({ id, mapping })
      await get().load()
      return null
    } catch (error) {
      return toEnvelope(error)
    }
  },

  async remove(id) {
    try {
      await api.connections.remove({ id })
      setTest(set, id, undefined)
      await get().load()
      void useSourceStore.getState().loadConnections()
      return null
    } catch (error) {
      return toEnvelope(error)
    }
  }
}))

function setTest(
  set: (fn: (state: ConnectionsState) => Partial<ConnectionsState>) => void,
  id: string,
  value: TestState | undefined
) {
  set((state) => ({ tests: { ...state.tests, [id]: value } }))
}

import { create } from 'zustand'
import type { ErrorEnvelope } from '../../../../shared/errors'
import type { DataSource } from '../../../../shared/journeys/data-source'
import type { CatalogueResult } from '../../../../shared/journeys/results'
import { toEnvelope } from '../../api/rpc-error'
import { api } from '../../api/workbench-api'

/** The pickers' values for one source; `unavailable` when the engine cannot list them. */
export type CatalogueState =
  | { status: 'loading' }
  | { status: 'ready'; result: CatalogueResult }
  | { status: 'unavailable'; error: ErrorEnvelope }

interface CatalogueStore {
  bySource: Record<string, CatalogueState | undefined>
  /** Loads once per source (again with `refresh`, which also refreshes the engine's cache). */
  load: (sourceKey: string, source: DataSource, refresh?: boolean) => Promise<void>
}

export const useCatalogueStore = create<CatalogueStore>()((set, get) => ({
  bySource: {},
  async load(sourceKey, source, refresh = false) {
    const known = get().bySource[sourceKey]
    if (!refresh && known && known.status !== 'unavailable') return
    if (known?.status === 'loading') return
    const put = (state: CatalogueState) => {
      set((store) => ({ bySource: { ...store.bySource, [sourceKey]: state } }))
    }
    put({ status: 'loading' })
    try {
      put({ status: 'ready', result: await api.journeys.catalogue({ source, refresh }) })
    } catch (error) {
      put({ status: 'unavailable', error: toEnvelope(error) })
    }
  }
}))

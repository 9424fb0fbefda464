import { createStore, type StoreApi } from 'zustand/vanilla'
import type { WorkbenchApi } from '../../../../shared/contracts'
import type { SavedFunnel } from '../../../../shared/contracts/funnels-contract'
import type { ErrorEnvelope } from '../../../../shared/errors'
import type { FunnelDefinition } from '../../../../shared/funnels/funnel-definition'
import type { DataSource } from '../../../../shared/journeys/data-source'
import { toEnvelope } from '../../api/rpc-error'

/** One source's saved funnels as the screen shows them. */
export interface SavedFunnelsOfSource {
  funnels: SavedFunnel[]
  /** What went wrong reading the store (a damaged file, with where its backup is). */
  notices: string[]
  loading: boolean
  loadError: ErrorEnvelope | null
}

export type SavedFunnelsClient = Pick<
  WorkbenchApi['funnels'],
  'list' | 'save' | 'rename' | 'remove'
>

/** Each change answers with the saved funnel, or the error to show beside the form. */
export type ChangeOutcome<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope }

export interface SavedFunnelsState {
  /** By source key (`demo`, `<connection>/<database>`), as the scope names it. */
  bySource: Record<string, SavedFunnelsOfSource | undefined>
  load: (sourceKey: string, source: DataSource) => Promise<void>
  save: (
    sourceKey: string,
    source: DataSource,
    funnel: { id?: string; name: string; definition: FunnelDefinition }
  ) => Promise<ChangeOutcome<SavedFunnel>>
  rename: (
    sourceKey: string,
    source: DataSource,
    id: string,
    name: string
  ) => Promise<ChangeOutcome<SavedFunnel>>
  remove: (sourceKey: string, source: DataSource, id: string) => Promise<ChangeOutcome<boolean>>
}

const EMPTY: SavedFunnelsOfSource = { funnels: [], notices: [], loading: false, loadError: null }

/**
 * Saved funnel definitions per source, through the `funnels` service. Every change reloads the
 * source's list, so the screen shows what is stored, not what it hoped to store.
 */
export function createSavedFunnelsStore(client: SavedFunnelsClient): StoreApi<SavedFunnelsState> {
  return createStore<SavedFunnelsState>()((set, get) => {
    const patch = (sourceKey: string, change: Partial<SavedFunnelsOfSource>) => {
      set((state) => ({
        bySource: {
          ...state.bySource,
          [sourceKey]: { ...(state.bySource[sourceKey] ?? EMPTY), ...change }
        }
      }))
    }

    const change = async <T>(
      sourceKey: string,
      source: DataSource,
      call: () => Promise<T>
    ): Promise<ChangeOutcome<T>> => {
      try {
        const value = await call()
        await get().load(sourceKey, source)
        return { ok: true, value }
      } catch (error) {
        return { ok: false, error: toEnvelope(error) }
      }
    }

    return {
      bySource: {},

      async load(sourceKey, source) {
        patch(sourceKey, { loading: true })
        try {
          const { funnels, notices } = await client.list({ source })
          patch(sourceKey, { funnels, notices, loadError: null, loading: false })
        } catch (error) {
          patch(sourceKey, { loadError: toEnvelope(error), loading: false })
        }
      },

      save: (sourceKey, source, funnel) =>
        change(sourceKey, source, () => client.save({ source, ...funnel })),

      rename: (sourceKey, source, id, name) =>
        change(sourceKey, source, () => client.rename({ source, id, name })),

      remove: (sourceKey, source, id) =>
        change(sourceKey, source, async () => (await client.remove({ source, id })).removed)
    }
  })
}

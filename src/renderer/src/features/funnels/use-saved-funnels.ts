import { useStore } from 'zustand'
import { api } from '../../api/workbench-api'
import {
  createSavedFunnelsStore,
  type SavedFunnelsOfSource,
  type SavedFunnelsState
} from './saved-funnels-store'

/** The app's one saved-funnels store, over the real `funnels` service. */
export const savedFunnelsStore = createSavedFunnelsStore(api.funnels)

const NONE: SavedFunnelsOfSource = { funnels: [], notices: [], loading: true, loadError: null }

/** One source's saved funnels (loading until its first list arrives). */
export function useSavedFunnelsOf(sourceKey: string): SavedFunnelsOfSource {
  return useStore(savedFunnelsStore, (state) => state.bySource[sourceKey] ?? NONE)
}

const { load, save, rename, remove } = savedFunnelsStore.getState()
const ACTIONS: Pick<SavedFunnelsState, 'load' | 'save' | 'rename' | 'remove'> = {
  load,
  save,
  rename,
  remove
}

/** The store's actions (the same object every time, so effects may depend on it). */
export function useSavedFunnelActions(): typeof ACTIONS {
  return ACTIONS
}

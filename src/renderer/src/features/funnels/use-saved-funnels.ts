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

export function useSavedFunnelActions(): Pick<
  SavedFunnelsState,
  'load' | 'save' | 'rename' | 'remove'
> {
  const state = savedFunnelsStore.getState()
  return { load: state.load, save: state.save, rename: state.rename, remove: state.remove }
}

import { create } from 'zustand'
import type { FunnelDefinition } from '../../../../shared/funnels/funnel-definition'
import {
  definitionKey,
  draftFromDefinition,
  newFunnelDraft,
  type FunnelDraft
} from './funnel-builder'

interface FunnelDraftState {
  /** What the builder shows; edits stay here until the user runs the funnel. */
  draft: FunnelDraft
  /** The key of the funnel (from the route) the draft was started from; null for a new funnel. */
  basisKey: string | null
  edit: (change: (draft: FunnelDraft) => FunnelDraft) => void
  /** Starts over from the route's funnel, unless the draft already comes from it. */
  followRoute: (definition: FunnelDefinition | null) => void
  startNew: () => void
}

/** The funnel builder's draft: kept while the user visits other screens, reset by a new link. */
export const useFunnelDraftStore = create<FunnelDraftState>()((set, get) => ({
  draft: newFunnelDraft(),
  basisKey: null,
  edit(change) {
    set((state) => ({ draft: change(state.draft) }))
  },
  followRoute(definition) {
    if (definition === null) return
    const key = definitionKey(definition)
    if (get().basisKey === key) return
    set({ draft: draftFromDefinition(definition), basisKey: key })
  },
  startNew() {
    set({ draft: newFunnelDraft(), basisKey: null })
  }
}))

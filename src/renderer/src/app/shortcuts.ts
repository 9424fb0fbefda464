import { useEffect } from 'react'
import { create } from 'zustand'
import { openCustomerSearch } from './routes/links'
import { currentRoute } from './routes/navigation'

/** Asks the customer search box to take the focus (Ctrl/Cmd+K); it watches the counter. */
export const useSearchFocusStore = create<{ requests: number; request: () => void }>()((set) => ({
  requests: 0,
  request() {
    set((state) => ({ requests: state.requests + 1 }))
  }
}))

/** How the search shortcut is written on this machine: `⌘K` on a Mac, `Ctrl K` elsewhere. */
export const SEARCH_SHORTCUT_LABEL =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘K' : 'Ctrl K'

/** True for Ctrl+K (Cmd+K on a Mac). */
export function isSearchShortcut(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>
) {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k'
}

/** Ctrl/Cmd+K jumps to the customer search from anywhere. (Escape closing drawers is antd's.) */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event)) return
      event.preventDefault()
      const route = currentRoute()
      if (route.screen !== 'customers' || route.segments.length > 0) openCustomerSearch()
      useSearchFocusStore.getState().request()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => {
      window.removeEventListener('keydown', onKeyDown)
    }
  }, [])
}

import { useSyncExternalStore } from 'react'

/*
 * The frame's first paint is what a user waits for at start-up. Parts nobody needs in that first
 * moment (tooltips, the scope bar's multi-selects with their width measuring) render a light stand-in
 * until the frame has painted, then mount in a task of their own.
 */

let painted = false
let scheduled = false
const listeners = new Set<() => void>()

function markPainted(): void {
  painted = true
  for (const listener of listeners) listener()
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange)
  if (!scheduled) {
    scheduled = true
    // A frame callback runs just before the paint; a task queued from it runs after.
    requestAnimationFrame(() => setTimeout(markPainted, 0))
  }
  return () => {
    listeners.delete(onChange)
  }
}

/** False while the app's first frame is being rendered, true once it has been painted. */
export function useFirstPaintDone(): boolean {
  return useSyncExternalStore(subscribe, () => painted)
}

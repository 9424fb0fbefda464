import type { FlowQuery } from '../../../shared/journeys/query-schemas'
import { FLOW_ENTRY, FLOW_EXIT } from '../rules/flow-order'

export type FlowShape = Pick<FlowQuery, 'page' | 'direction' | 'depth' | 'topN'>

/**
 * A session's path through the flow (docs/query-semantics.md): from the first view of the page,
 * consecutive repeats merged, the raw pages at steps 0..k (k <= depth) walking forwards (`from`) or
 * backwards (`to`); when the session ends first, the last step is `(exit)` or `(entry)`. Writes the
 * path into `out` (reused from session to session) and returns false, leaving `out` alone, when
 * the session never views the page. Only the first `length` page views are read.
 */
export function walkFlowPath(
  shape: Pick<FlowShape, 'page' | 'direction' | 'depth'>,
  pageViews: ArrayLike<string>,
  length: number,
  out: string[]
): boolean {
  const { page, depth } = shape
  let first = -1
  for (let i = 0; i < length; i++) {
    if (pageViews[i] === page) {
      first = i
      break
    }
  }
  if (first < 0) return false
  out.length = 0
  out.push(page)
  const forward = shape.direction === 'from'
  const step = forward ? 1 : -1
  let current = page
  let index = first + step
  for (let j = 1; j <= depth; j++) {
    // Skip consecutive repeats of the current page (repeats merge into one view).
    while (index >= 0 && index < length && pageViews[index] === current) index += step
    const next =
      index >= 0 && index < length ? (pageViews[index] as string) : forward ? FLOW_EXIT : FLOW_ENTRY
    out.push(next)
    if (next === FLOW_EXIT || next === FLOW_ENTRY) break
    current = next
    index += step
  }
  return true
}

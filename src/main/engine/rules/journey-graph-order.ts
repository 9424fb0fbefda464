import type { JourneyGraph } from '../../../shared/journeys/results'
import { compareUtf8 } from './compare-ids'

type JourneyNode = JourneyGraph['nodes'][number]
type JourneyEdge = JourneyGraph['edges'][number]

/** Case-file journey nodes: views desc, then id (UTF-8 bytes). */
export function compareJourneyNodes(a: JourneyNode, b: JourneyNode): number {
  return b.views - a.views || compareUtf8(a.id, b.id)
}

/** Case-file journey edges: count desc, source, target. */
export function compareJourneyEdges(a: JourneyEdge, b: JourneyEdge): number {
  return b.count - a.count || compareUtf8(a.source, b.source) || compareUtf8(a.target, b.target)
}

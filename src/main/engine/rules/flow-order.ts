import type { FlowEdge, FlowNode } from '../../../shared/journeys/results'
import { compareUtf8 } from './compare-ids'

/** The pseudo-pages of flows and journey graphs (docs/query-semantics.md). */
export const FLOW_EXIT = '(exit)'
export const FLOW_ENTRY = '(entry)'
export const FLOW_OTHER = '(other)'

/** The step of a flow node id (`step:page`). */
export function stepOfNodeId(id: string): number {
  return Number.parseInt(id, 10)
}

/** Pages ranked at one step for the top N: sessions desc, then page (UTF-8 bytes). */
export function compareRankedPages(
  a: { page: string; sessions: number },
  b: { page: string; sessions: number }
): number {
  return b.sessions - a.sessions || compareUtf8(a.page, b.page)
}

/** Flow nodes: by step, sessions desc, page. */
export function compareFlowNodes(a: FlowNode, b: FlowNode): number {
  return a.step - b.step || b.sessions - a.sessions || compareUtf8(a.page, b.page)
}

/** Flow edges: by source step, sessions desc, source, target. */
export function compareFlowEdges(a: FlowEdge, b: FlowEdge): number {
  return (
    stepOfNodeId(a.source) - stepOfNodeId(b.source) ||
    b.sessions - a.sessions ||
    compareUtf8(a.source, b.source) ||
    compareUtf8(a.target, b.target)
  )
}

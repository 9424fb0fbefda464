import type { FlowEdge, FlowNode } from '../../../shared/journeys/results'
import { compareFlowEdges, compareFlowNodes, FLOW_ENTRY, FLOW_EXIT, FLOW_OTHER } from './flow-order'

/** At most this many nodes and edges of one graph reach the screen (React Flow). */
export const GRAPH_BUDGET = { nodes: 500, edges: 1000 } as const

/** A node of a flow graph: the shown name at a step. */
export interface FlowNodeKey {
  step: number
  name: string
}

/** An edge in walking order: `from` at `step - 1`, `to` at `step`. */
export interface FlowEdgeKey {
  step: number
  from: string
  to: string
}

export interface FlowGraphKeys {
  nodes: readonly FlowNodeKey[]
  edges: readonly FlowEdgeKey[]
}

/**
 * How many pages keep their name at each step: `topN`, or the largest smaller number for which
 * the graph has at most 500 nodes and 1,000 edges (docs/query-semantics.md); the others fold into
 * `(other)`, counts staying exact. With topN <= 50 and depth <= 10 the unfolded graph can reach
 * 521 nodes and ~26,000 edges; keeping 1 page a step always fits (at most 31 nodes, 57 edges).
 *
 * `ranked[j]` lists the top `topN` pages of step j in rank order (index 0 unused) and `atTopN` is the
 * graph when all of them keep their name; folding more only merges names, so the counts at any
 * smaller number follow from these keys, and they shrink as it does (a binary search finds it).
 */
export function flowKeptPerStep(
  shape: { topN: number },
  ranked: readonly (readonly string[])[],
  atTopN: FlowGraphKeys
): number {
  const ranks = ranked.map((pages) => new Map(pages.map((page, index) => [page, index + 1])))
  const nameAt = (step: number, name: string, kept: number): string => {
    if (step === 0 || name === FLOW_EXIT || name === FLOW_ENTRY || name === FLOW_OTHER) return name
    return (ranks[step]?.get(name) ?? Number.POSITIVE_INFINITY) <= kept ? name : FLOW_OTHER
  }
  const fits = (kept: number): boolean => {
    const nodes = new Set<string>()
    for (const node of atTopN.nodes)
      nodes.add(`${node.step}\u0000${nameAt(node.step, node.name, kept)}`)
    if (nodes.size > GRAPH_BUDGET.nodes) return false
    const edges = new Set<string>()
    for (const edge of atTopN.edges) {
      const from = nameAt(edge.step - 1, edge.from, kept)
      edges.add(`${edge.step}\u0000${from}\u0000${nameAt(edge.step, edge.to, kept)}`)
      if (edges.size > GRAPH_BUDGET.edges) return false
    }
    return true
  }
  if (fits(shape.topN)) return shape.topN
  let fitting = 1
  let failing = shape.topN
  while (failing - fitting > 1) {
    const middle = (fitting + failing) >> 1
    if (fits(middle)) fitting = middle
    else failing = middle
  }
  return fitting
}

/**
 * Whether a flow whose steps rank these pages (`ranked[j]`, the top N of step j) could pass the
 * budget with all of them kept: at most N + 2 nodes a step (its pages, `(other)`, `(exit)` or
 * `(entry)`), edges from at most N + 1 of the previous step's. When not, N pages are kept for sure
 * and the graph need not be counted to know it.
 */
export function flowMayPassBudget(ranked: readonly (readonly string[])[]): boolean {
  let nodes = 1
  let edges = 0
  let sources = 1
  for (let j = 1; j < ranked.length; j++) {
    const here = (ranked[j]?.length ?? 0) + 2
    nodes += here
    edges += sources * here
    sources = here - 1
  }
  return nodes > GRAPH_BUDGET.nodes || edges > GRAPH_BUDGET.edges
}

/** Nodes and edges sorted in the spec's order (flow-order.ts). */
export function sortFlowGraph(
  nodes: FlowNode[],
  edges: FlowEdge[]
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  nodes.sort(compareFlowNodes)
  edges.sort(compareFlowEdges)
  return { nodes, edges }
}

/** The plan note when the budget folded more pages than `topN` asked (none otherwise). */
export function flowBudgetNote(shape: { topN: number }, kept: number): string[] {
  if (kept >= shape.topN) return []
  return [
    `Kept the top ${kept} pages of each step instead of ${shape.topN}, so the graph stays within ${GRAPH_BUDGET.nodes} nodes and ${GRAPH_BUDGET.edges.toLocaleString('en-US')} edges; the other pages are in (other), with exact counts.`
  ]
}

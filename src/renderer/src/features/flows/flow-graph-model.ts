import { formatCount, formatPercent } from '../../../../shared/format'
import type { FlowEdge, FlowNode, FlowResult } from '../../../../shared/journeys/results'
import { layOutColumns } from './flow-columns-layout'
import {
  GRAPH_LIMITS,
  type GraphEdgeModel,
  type GraphLayout,
  type GraphModel,
  type GraphNodeKind,
  type GraphNodeModel
} from '../../components/graph/graph-model'

export type FlowDirection = 'from' | 'to'

/** A flows result as the graph component draws it, and what (if anything) was left out. */
export interface FlowGraph {
  model: GraphModel
  /** One column per step, placed by `layOutColumns` (no layout engine needed). */
  layout: GraphLayout
  /** Nodes and edges of the result not drawn because the graph holds at most 500 and 1,000. */
  omitted: { nodes: number; edges: number }
  /** The result's nodes and edges by id, for hover text and the users panel. */
  nodesById: ReadonlyMap<string, FlowNode>
  edgesById: ReadonlyMap<string, FlowEdge>
}

const KINDS: Record<string, GraphNodeKind | undefined> = {
  '(entry)': 'entry',
  '(exit)': 'exit',
  '(other)': 'other'
}

/** Where a kind of node goes in its column: pages first, then `(other)`, `(exit)`/`(entry)` last. */
const FOOT: Record<GraphNodeKind, 0 | 1 | 2> = { page: 0, other: 1, exit: 2, entry: 2 }

/** Edges with a count written on them: the heaviest, so the labels never crowd the graph. */
export const LABELLED_EDGES = 16

/** The id of an edge of a flows result in the graph (node ids never hold a NUL). */
export function flowEdgeId(edge: Pick<FlowEdge, 'source' | 'target'>): string {
  return `${edge.source}\u0000${edge.target}`
}

const cache = new WeakMap<FlowResult, Map<FlowDirection, FlowGraph>>()

/**
 * The layered graph of a flows result: one column per step (the chosen page first for `from`,
 * last for `to`, so time runs left to right), edges as wide as their sessions, `(entry)`,
 * `(exit)` and `(other)` as their own kinds, each with its exact counts. Memoised per result.
 */
export function flowGraphModel(result: FlowResult, direction: FlowDirection): FlowGraph {
  let byDirection = cache.get(result)
  if (!byDirection) {
    byDirection = new Map()
    cache.set(result, byDirection)
  }
  let graph = byDirection.get(direction)
  if (!graph) {
    graph = buildFlowGraph(result, direction)
    byDirection.set(direction, graph)
  }
  return graph
}

function buildFlowGraph(result: FlowResult, direction: FlowDirection): FlowGraph {
  const { nodes, edges } = withinGraphLimits(result.nodes, result.edges)
  const lastStep = result.nodes.reduce((max, node) => Math.max(max, node.step), 0)
  const nodesById = new Map(result.nodes.map((node) => [node.id, node]))
  const labelled = new Set(
    [...edges]
      .sort((a, b) => b.sessions - a.sessions)
      .slice(0, LABELLED_EDGES)
      .map(flowEdgeId)
  )
  const model: GraphModel = {
    nodes: nodes.map((node) => flowNodeModel(node, result.sessions, direction, lastStep)),
    edges: edges.map((edge) => flowEdgeModel(edge, nodesById, labelled.has(flowEdgeId(edge))))
  }
  const layout = layOutColumns(
    model.nodes.map((graphNode, index) => {
      const node = nodes[index] as FlowNode
      return {
        node: graphNode,
        column: graphNode.layer ?? 0,
        sessions: node.sessions,
        foot: FOOT[graphNode.kind]
      }
    }),
    model.edges,
    direction === 'from' ? 0 : lastStep
  )
  return {
    model,
    layout,
    omitted: {
      nodes: result.nodes.length - nodes.length,
      edges: result.edges.length - edges.length
    },
    nodesById,
    edgesById: new Map(result.edges.map((edge) => [flowEdgeId(edge), edge]))
  }
}

function flowNodeModel(
  node: FlowNode,
  flowSessions: number,
  direction: FlowDirection,
  lastStep: number
): GraphNodeModel {
  const share = flowSessions === 0 ? 0 : node.sessions / flowSessions
  const counts = `${plural(node.sessions, 'session')} · ${plural(node.users, 'user')}`
  const where = node.step === 0 ? 'chosen page' : `step ${String(node.step)}`
  return {
    id: node.id,
    label: node.page,
    detail: `${formatCount(node.sessions)} sessions · ${formatPercent(share)}`,
    kind: KINDS[node.page] ?? 'page',
    layer: direction === 'from' ? node.step : lastStep - node.step,
    title: `${node.page} (${where}): ${counts}; ${formatPercent(share)} of the ${plural(flowSessions, 'session')} in the flow`,
    ariaLabel: `Step ${String(node.step)}: ${node.page}, ${plural(node.sessions, 'session')}`
  }
}

function flowEdgeModel(
  edge: FlowEdge,
  nodesById: ReadonlyMap<string, FlowNode>,
  labelled: boolean
): GraphEdgeModel {
  const source = nodesById.get(edge.source)
  const target = nodesById.get(edge.target)
  const fromSessions = source?.sessions ?? 0
  const share = fromSessions === 0 ? 0 : edge.sessions / fromSessions
  const counts = `${plural(edge.sessions, 'session')} · ${plural(edge.users, 'user')}`
  const from = source?.page ?? edge.source
  const to = target?.page ?? edge.target
  return {
    id: flowEdgeId(edge),
    source: edge.source,
    target: edge.target,
    ...(labelled ? { label: formatCount(edge.sessions) } : {}),
    weight: edge.sessions,
    title: `${from} → ${to}: ${counts}; ${formatPercent(share)} of the sessions at ${from}`,
    ariaLabel: `Step ${String(source?.step ?? '?')} ${from} to step ${String(target?.step ?? '?')} ${to}, ${plural(edge.sessions, 'session')}`
  }
}

/**
 * At most 500 nodes and 1,000 edges reach React Flow. The engines fold the rest into `(other)`;
 * should a result still be larger, the busiest nodes (the chosen page and `(entry)`, `(exit)`,
 * `(other)` always) and the busiest edges between them are kept, and the caller says how many
 * were left out.
 */
export function withinGraphLimits(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  limits: { nodes: number; edges: number } = GRAPH_LIMITS
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  if (nodes.length <= limits.nodes && edges.length <= limits.edges) {
    return { nodes: [...nodes], edges: [...edges] }
  }
  const mustKeep = (node: FlowNode) => node.step === 0 || KINDS[node.page] !== undefined
  const ranked = [...nodes].sort(
    (a, b) => Number(mustKeep(b)) - Number(mustKeep(a)) || b.sessions - a.sessions
  )
  const keptIds = new Set(ranked.slice(0, limits.nodes).map((node) => node.id))
  const keptEdges = edges
    .filter((edge) => keptIds.has(edge.source) && keptIds.has(edge.target))
    .sort((a, b) => b.sessions - a.sessions)
    .slice(0, limits.edges)
  const edgeIds = new Set(keptEdges.map(flowEdgeId))
  return {
    // Both keep the result's own order (by step, sessions, page).
    nodes: nodes.filter((node) => keptIds.has(node.id)),
    edges: edges.filter((edge) => edgeIds.has(flowEdgeId(edge)))
  }
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`
}

import type { Edge, Node } from '@xyflow/react'
import { strokeWidthFor } from './edge-path'
import type { LayoutDirection } from './elk-layout'
import type { GraphEdgeModel, GraphLayout, GraphModel, GraphNodeModel, Point } from './graph-model'

export interface NodeData extends Record<string, unknown> {
  node: GraphNodeModel
  selected: boolean
  dimmed: boolean
  direction: LayoutDirection
  clickable: boolean
}

export interface EdgeData extends Record<string, unknown> {
  edge: GraphEdgeModel
  points: Point[] | undefined
  /** Where the label goes, when the layout placed it. */
  labelAt: Point | undefined
  strokeWidth: number
  selected: boolean
  dimmed: boolean
}

/** React Flow's nodes and edges for a laid-out model (pure; the component memoises it). */
export function toFlowElements(
  model: GraphModel,
  layout: GraphLayout,
  options: {
    direction: LayoutDirection
    selectedNodeId: string | null
    selectedEdgeId: string | null
    clickableNodes: boolean
  }
): { nodes: Node<NodeData>[]; edges: Edge<EdgeData>[] } {
  const { selectedNodeId, selectedEdgeId } = options
  const lit = new Set<string>()
  if (selectedNodeId) {
    lit.add(selectedNodeId)
    for (const edge of model.edges) {
      if (edge.source === selectedNodeId) lit.add(edge.target)
      if (edge.target === selectedNodeId) lit.add(edge.source)
    }
  }
  const selectedEdge = model.edges.find((edge) => edge.id === selectedEdgeId)
  if (selectedEdge) {
    lit.add(selectedEdge.source)
    lit.add(selectedEdge.target)
  }
  const anySelection = lit.size > 0
  const maxWeight = model.edges.reduce((max, edge) => Math.max(max, edge.weight), 0)
  const nodes = model.nodes.flatMap<Node<NodeData>>((node) => {
    const box = layout.nodes[node.id]
    if (!box) return []
    return [
      {
        id: node.id,
        type: 'journey',
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        data: {
          node,
          selected: node.id === selectedNodeId,
          dimmed: anySelection && !lit.has(node.id),
          direction: options.direction,
          clickable: options.clickableNodes
        }
      }
    ]
  })
  const edges = model.edges.map<Edge<EdgeData>>((edge) => {
    const touches =
      edge.id === selectedEdgeId ||
      (selectedNodeId !== null &&
        (edge.source === selectedNodeId || edge.target === selectedNodeId))
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: 'routed',
      ...((edge.ariaLabel ?? edge.title) ? { ariaLabel: edge.ariaLabel ?? edge.title } : {}),
      data: {
        edge,
        points: layout.edges[edge.id],
        labelAt: layout.labels?.[edge.id],
        strokeWidth: strokeWidthFor(edge.weight, maxWeight),
        selected: edge.id === selectedEdgeId,
        dimmed: (anySelection || selectedEdgeId !== null) && !touches
      }
    }
  })
  return { nodes, edges }
}

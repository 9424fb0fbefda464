import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api'
import type { GraphLayout, GraphModel, Point } from './graph-model'
import { nodeSize } from './node-size'

export type LayoutDirection = 'RIGHT' | 'DOWN'

/** ELK's layered algorithm (Sugiyama): layers left to right, crossings minimised, edges routed. */
export function toElkGraph(model: GraphModel, direction: LayoutDirection): ElkNode {
  const usesLayers = model.nodes.some((node) => node.layer !== undefined)
  const ids = new Set(model.nodes.map((node) => node.id))
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeNode': '20',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      ...(usesLayers ? { 'elk.partitioning.activate': 'true' } : {})
    },
    children: model.nodes.map((node) => ({
      id: node.id,
      ...nodeSize(node),
      ...(node.layer !== undefined
        ? { layoutOptions: { 'elk.partitioning.partition': String(node.layer) } }
        : {})
    })),
    edges: model.edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map<ElkExtendedEdge>((edge) => ({
        id: edge.id,
        sources: [edge.source],
        targets: [edge.target]
      }))
  }
}

/** Reads ELK's answer into node boxes and edge routes. */
export function fromElkGraph(laidOut: ElkNode): GraphLayout {
  const nodes: GraphLayout['nodes'] = {}
  for (const child of laidOut.children ?? []) {
    nodes[child.id] = {
      x: child.x ?? 0,
      y: child.y ?? 0,
      width: child.width ?? 0,
      height: child.height ?? 0
    }
  }
  const edges: GraphLayout['edges'] = {}
  for (const edge of laidOut.edges ?? []) {
    const section = edge.sections?.[0]
    if (!section) continue
    const points: Point[] = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]
    edges[edge.id] = points.map((point) => ({ x: point.x, y: point.y }))
  }
  return { nodes, edges, width: laidOut.width ?? 0, height: laidOut.height ?? 0 }
}

let elk: Promise<{ layout: (graph: ElkNode) => Promise<ElkNode> }> | null = null

/** Lays a graph out with elkjs (loaded on first use, so screens without graphs never pay for it). */
export async function layoutGraph(
  model: GraphModel,
  direction: LayoutDirection = 'RIGHT'
): Promise<GraphLayout> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((module) => new module.default())
  const laidOut = await (await elk).layout(toElkGraph(model, direction))
  return fromElkGraph(laidOut)
}

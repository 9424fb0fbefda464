import { placeEdgeLabels } from '../../components/graph/edge-labels'
import type { GraphLayout, GraphNodeModel } from '../../components/graph/graph-model'
import { nodeSize } from '../../components/graph/node-size'

/**
 * Room between two columns (for the edges and their counts) and between two nodes of one column.
 * Kept narrow: a flows graph is wide, and the wider it is, the smaller its text at fit zoom.
 */
export const COLUMN_GAP = 88
export const ROW_GAP = 16
/** Added to a column's widest label estimate, so bold labels are not cut short. */
const WIDTH_ALLOWANCE = 16

export interface ColumnNode {
  node: GraphNodeModel
  /** The node's column (its `layer`). */
  column: number
  /** Sessions through the node: the first ordering, busiest on top. */
  sessions: number
  /**
   * Kept below the pages of its column whatever its neighbours: 1 for `(other)`, 2 for `(exit)` and
   * `(entry)` (the very foot); 0 for pages.
   */
  foot: 0 | 1 | 2
}

export interface ColumnEdge {
  id: string
  source: string
  target: string
  weight: number
  /** The count drawn on the edge, if any: placed so that no two cover each other. */
  label?: string
}

/**
 * A flows graph in fixed columns, like a Sankey diagram: column by column outwards from the chosen
 * page (`rootColumn`), each node placed at the weighted mean row of the neighbours it shares
 * sessions with in the column before it (so heavy paths run straight and cross little), the
 * busiest first where that ties; `(other)` below the pages and `(exit)`/`(entry)` at the foot. Columns are centred on the
 * tallest. Edges are left unrouted (the canvas draws curves); their counts are placed apart
 * (`placeEdgeLabels`). Pure and deterministic.
 */
export function layOutColumns(
  nodes: readonly ColumnNode[],
  edges: readonly ColumnEdge[],
  rootColumn: number
): GraphLayout {
  const columns = new Map<number, ColumnNode[]>()
  for (const entry of nodes) {
    const list = columns.get(entry.column) ?? []
    list.push(entry)
    columns.set(entry.column, list)
  }
  const order = [...columns.keys()].sort((a, b) => a - b)
  const rank = new Map<string, number>()
  const sizes = new Map(nodes.map((entry) => [entry.node.id, nodeSize(entry.node)]))
  const neighbours = neighbourWeights(edges)
  const columnById = new Map(nodes.map((entry) => [entry.node.id, entry.column]))

  // Outwards from the root: right of it left to right, left of it right to left.
  const sweep = [
    rootColumn,
    ...order.filter((c) => c > rootColumn),
    ...order.filter((c) => c < rootColumn).reverse()
  ]
  for (const column of sweep) {
    const list = columns.get(column) ?? []
    const previous = column === rootColumn ? null : column > rootColumn ? column - 1 : column + 1
    const position = (entry: ColumnNode): number => {
      if (previous === null) return 0
      let sum = 0
      let weight = 0
      for (const [other, w] of neighbours.get(entry.node.id) ?? []) {
        const otherRank = rank.get(other)
        if (otherRank === undefined || columnById.get(other) !== previous) continue
        sum += otherRank * w
        weight += w
      }
      return weight === 0 ? Number.POSITIVE_INFINITY : sum / weight
    }
    const placed = list
      .map((entry) => ({ entry, at: position(entry) }))
      .sort(
        (a, b) =>
          a.entry.foot - b.entry.foot ||
          a.at - b.at ||
          b.entry.sessions - a.entry.sessions ||
          (a.entry.node.id < b.entry.node.id ? -1 : 1)
      )
    placed.forEach(({ entry }, index) => rank.set(entry.node.id, index))
    columns.set(
      column,
      placed.map(({ entry }) => entry)
    )
  }

  const heightOf = (list: ColumnNode[]) =>
    list.reduce((sum, entry) => sum + (sizes.get(entry.node.id)?.height ?? 0), 0) +
    Math.max(0, list.length - 1) * ROW_GAP
  const tallest = Math.max(0, ...[...columns.values()].map(heightOf))
  const layout: GraphLayout = { nodes: {}, edges: {}, width: 0, height: tallest }
  let x = 0
  for (const column of order) {
    const list = columns.get(column) ?? []
    const width =
      Math.max(0, ...list.map((entry) => sizes.get(entry.node.id)?.width ?? 0)) + WIDTH_ALLOWANCE
    let y = (tallest - heightOf(list)) / 2
    for (const entry of list) {
      const size = sizes.get(entry.node.id) ?? { width, height: 0 }
      // Nodes of one column share its width, so the edges leave from one line.
      layout.nodes[entry.node.id] = { x, y, width, height: size.height }
      y += size.height + ROW_GAP
    }
    x += width + COLUMN_GAP
  }
  layout.width = Math.max(0, x - COLUMN_GAP)
  layout.labels = placeEdgeLabels(
    layout.nodes,
    edges.flatMap((edge) => (edge.label === undefined ? [] : [{ ...edge, label: edge.label }]))
  )
  return layout
}

function neighbourWeights(edges: readonly ColumnEdge[]): Map<string, Map<string, number>> {
  const neighbours = new Map<string, Map<string, number>>()
  const add = (a: string, b: string, weight: number) => {
    const map = neighbours.get(a) ?? new Map<string, number>()
    map.set(b, (map.get(b) ?? 0) + weight)
    neighbours.set(a, map)
  }
  for (const edge of edges) {
    add(edge.source, edge.target, edge.weight)
    add(edge.target, edge.source, edge.weight)
  }
  return neighbours
}

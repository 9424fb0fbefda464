import { bezierPoint } from './edge-path'
import type { GraphLayout, Point } from './graph-model'

export interface LabelledEdge {
  id: string
  source: string
  target: string
  /** The text drawn on the edge (its length sizes the label's box). */
  label: string
  weight: number
}

/** A label's box, as drawn (11 px text, 4 px padding each side, a border). */
const LABEL_HEIGHT = 18
const CHAR_WIDTH = 7
const LABEL_PADDING = 12
/** Gap kept between two labels. */
const MARGIN = 2

/** Where along an edge to try its label, best first. */
const FROM_A_FAN = [0.75, 0.62, 0.86, 0.5, 0.38]
const INTO_A_FAN = [0.25, 0.38, 0.14, 0.5, 0.62]
const ALONE = [0.5, 0.36, 0.64, 0.24, 0.76]

/**
 * Places the count labels of curves drawn left to right between laid-out nodes, so that none
 * covers another: edges fanning out of one node carry theirs towards their targets (where the
 * curves have parted), edges fanning into one node towards their sources, the heaviest first; each
 * takes the first spot along its curve that is free. Pure and deterministic.
 */
export function placeEdgeLabels(
  nodes: GraphLayout['nodes'],
  edges: readonly LabelledEdge[]
): Record<string, Point> {
  const outDegree = new Map<string, number>()
  const inDegree = new Map<string, number>()
  for (const edge of edges) {
    outDegree.set(edge.source, (outDegree.get(edge.source) ?? 0) + 1)
    inDegree.set(edge.target, (inDegree.get(edge.target) ?? 0) + 1)
  }
  const placed: { x: number; y: number; width: number }[] = []
  const labels: Record<string, Point> = {}
  const ordered = [...edges].sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1))
  for (const edge of ordered) {
    const from = nodes[edge.source]
    const to = nodes[edge.target]
    if (!from || !to) continue
    const start = { x: from.x + from.width, y: from.y + from.height / 2 }
    const end = { x: to.x, y: to.y + to.height / 2 }
    const fansOut = (outDegree.get(edge.source) ?? 0) > 1
    const fansIn = (inDegree.get(edge.target) ?? 0) > 1
    const tries = fansOut && !fansIn ? FROM_A_FAN : fansIn && !fansOut ? INTO_A_FAN : ALONE
    const width = edge.label.length * CHAR_WIDTH + LABEL_PADDING
    const spots = tries.map((t) => bezierPoint(start, end, t))
    const free = spots.find((spot) => placed.every((other) => !overlaps(spot, width, other)))
    const spot = free ?? spots[0]
    if (!spot) continue
    placed.push({ ...spot, width })
    labels[edge.id] = spot
  }
  return labels
}

function overlaps(spot: Point, width: number, other: { x: number; y: number; width: number }) {
  return (
    Math.abs(spot.x - other.x) < (width + other.width) / 2 + MARGIN &&
    Math.abs(spot.y - other.y) < LABEL_HEIGHT + MARGIN
  )
}

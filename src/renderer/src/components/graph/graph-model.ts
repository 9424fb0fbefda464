/**
 * What the graph component draws, whatever the query: a pure mapper turns a result (a customer's
 * journey, a flows result) into this, memoised; the component lays it out and renders it.
 */
export type GraphNodeKind = 'page' | 'entry' | 'exit' | 'other'

export interface GraphNodeModel {
  id: string
  /** The main line (a page URL). */
  label: string
  /** A second, smaller line ("12 views · 35 s"). */
  detail?: string
  kind: GraphNodeKind
  /** Forces a column (0, 1, 2 …) left to right; without it the layout engine picks one. */
  layer?: number
  /** Shown on hover. */
  title?: string
  /** Accessible name; the label when absent. */
  ariaLabel?: string
}

export interface GraphEdgeModel {
  id: string
  source: string
  target: string
  /** Drawn on the edge (a count). */
  label?: string
  /** Sets the stroke width, relative to the heaviest edge. */
  weight: number
  title?: string
  /** Accessible name; the title when absent. */
  ariaLabel?: string
}

export interface GraphModel {
  nodes: GraphNodeModel[]
  edges: GraphEdgeModel[]
}

/** At most this many nodes and edges reach React Flow (the engines fold the rest into `(other)`). */
export const GRAPH_LIMITS = { nodes: 500, edges: 1000 } as const

export interface Point {
  x: number
  y: number
}

/** A laid-out graph: node boxes and edge routes, in one coordinate space. */
export interface GraphLayout {
  nodes: Record<string, { x: number; y: number; width: number; height: number }>
  /** Each edge's route from source to target (start, bends, end); absent when not routed. */
  edges: Record<string, Point[] | undefined>
  /** Where an edge's label goes, when the layout placed it (else the middle of its route or curve). */
  labels?: Record<string, Point>
  width: number
  height: number
}

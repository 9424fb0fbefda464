import type { GraphNodeModel } from './graph-model'

export const NODE_HEIGHT = 52
const MIN_WIDTH = 110
const MAX_WIDTH = 240
const CHAR_WIDTH = 7.2

/** A node's box: wide enough for its label (up to a limit, then it is cut with an ellipsis). */
export function nodeSize(node: GraphNodeModel): { width: number; height: number } {
  const longest = Math.max(node.label.length, (node.detail ?? '').length * 0.85)
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest * CHAR_WIDTH + 28)))
  return { width, height: NODE_HEIGHT }
}

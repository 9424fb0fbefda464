import type { FlowSelection } from '../../../../shared/journeys/query-schemas'
import type { FlowEdge, FlowNode } from '../../../../shared/journeys/results'
import { flowEdgeId } from './flow-graph-model'

/** What a node or edge of a flows result is, in words, with its counts; null when it is not in it. */
export interface DescribedSelection {
  title: string
  sessions: number
  users: number
}

export function describeFlowSelection(
  selection: FlowSelection,
  nodesById: ReadonlyMap<string, FlowNode>,
  edgesById: ReadonlyMap<string, FlowEdge>
): DescribedSelection | null {
  if (selection.kind === 'node') {
    const node = nodesById.get(selection.id)
    if (!node) return null
    const where = node.step === 0 ? 'the chosen page' : `step ${String(node.step)}`
    return { title: `${node.page} (${where})`, sessions: node.sessions, users: node.users }
  }
  const edge = edgesById.get(flowEdgeId(selection))
  const source = nodesById.get(selection.source)
  const target = nodesById.get(selection.target)
  if (!edge || !source || !target) return null
  return {
    title: `${source.page} → ${target.page} (step ${String(source.step)} → ${String(target.step)})`,
    sessions: edge.sessions,
    users: edge.users
  }
}

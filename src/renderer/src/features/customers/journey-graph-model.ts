import type { JourneyGraph } from '../../../../shared/journeys/results'
import { formatCount, formatDuration } from '../../../../shared/format'
import type { GraphModel, GraphNodeKind } from '../../components/graph/graph-model'

const SPECIAL: Record<string, GraphNodeKind | undefined> = { '(entry)': 'entry', '(exit)': 'exit' }

/** A customer's journey (pages and transitions) as the graph component draws it. Pure. */
export function journeyGraphModel(journey: JourneyGraph): GraphModel {
  return {
    nodes: journey.nodes.map((node) => {
      const kind = SPECIAL[node.id] ?? 'page'
      const views =
        kind === 'page'
          ? `${formatCount(node.views)} ${node.views === 1 ? 'view' : 'views'}`
          : `${formatCount(node.views)} ${node.views === 1 ? 'session' : 'sessions'}`
      const time =
        node.meanSecondsOnPage === null ? '' : ` · ${formatDuration(node.meanSecondsOnPage)} avg`
      return {
        id: node.id,
        label: node.page,
        detail: views + time,
        kind,
        title: `${node.page}: ${views}${time}`
      }
    }),
    edges: journey.edges.map((edge) => ({
      id: `${edge.source}\u0000${edge.target}`,
      source: edge.source,
      target: edge.target,
      label: formatCount(edge.count),
      weight: edge.count,
      title: `${edge.source} → ${edge.target}: ${formatCount(edge.count)}`
    }))
  }
}

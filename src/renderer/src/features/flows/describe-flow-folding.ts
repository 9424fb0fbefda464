import { formatCount } from '../../../../shared/format'
import { GRAPH_LIMITS } from '../../components/graph/graph-model'

export interface FlowFolding {
  /** The legend's words for `(other)`: the pages beyond the top N kept by name at a step. */
  other: string
  /** Set when the engine kept fewer pages per step than asked, to stay within the graph budget. */
  lowered: { title: string; hint: string } | null
}

/**
 * What the Flows screen says about the pages each step keeps by name (`keptPerStep`) and the ones
 * it folds into `(other)`, so that nothing is cut without a word.
 */
export function describeFlowFolding(keptPerStep: number, topN: number): FlowFolding {
  const other = `(other): pages beyond the top ${formatCount(keptPerStep)} of a step`
  if (keptPerStep >= topN) return { other, lowered: null }
  return {
    other,
    lowered: {
      title: `Each step keeps its ${formatCount(keptPerStep)} busiest ${keptPerStep === 1 ? 'page' : 'pages'} by name, not the ${formatCount(topN)} asked for: with ${formatCount(topN)} the graph would pass ${formatCount(GRAPH_LIMITS.nodes)} pages or ${formatCount(GRAPH_LIMITS.edges)} transitions. The other pages of each step are counted in (other), with exact sessions and users.`,
      hint: 'Fewer steps keep more pages per step.'
    }
  }
}

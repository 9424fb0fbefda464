import type { JourneyGraph } from '../../../shared/journeys/results'
import { compareUtf8 } from './compare-ids'
import { GRAPH_BUDGET } from './flow-budget'
import { FLOW_ENTRY, FLOW_EXIT, FLOW_OTHER } from './flow-order'
import { compareJourneyEdges, compareJourneyNodes } from './journey-graph-order'

/** One page of a customer's journey: its views and the numeric durations among them. */
export interface JourneyPageStats {
  page: string
  views: number
  durationSum: number
  durationCount: number
}

/** A counted transition between pages (or `(entry)`/`(exit)`). */
export interface JourneyTransition {
  source: string
  target: string
  count: number
}

/**
 * A customer's journey graph within the budget (docs/query-semantics.md): every page keeps its node
 * when the graph has at most 500 nodes and 1,000 edges; otherwise the K most viewed pages do (K the
 * largest that fits) and the rest fold into `(other)` with summed views, the mean of all their
 * durations and added edge counts. Both strategies build their graph here.
 */
export function journeyGraphWithinBudget(
  pages: readonly JourneyPageStats[],
  transitions: readonly JourneyTransition[],
  sessionsWithViews: number
): JourneyGraph {
  const ranked = [...pages].sort((a, b) => b.views - a.views || compareUtf8(a.page, b.page))
  const bounds = sessionsWithViews > 0 ? 2 : 0
  const nameWith =
    (kept: ReadonlySet<string>) =>
    (name: string): string =>
      name === FLOW_ENTRY || name === FLOW_EXIT || kept.has(name) ? name : FLOW_OTHER
  const keptOf = (count: number) => new Set(ranked.slice(0, count).map((p) => p.page))
  const fitsWith = fitsBudgetByRank(ranked, transitions)
  const fits = (count: number): boolean => {
    const nodes = count + bounds + (count < ranked.length ? 1 : 0)
    return nodes <= GRAPH_BUDGET.nodes && fitsWith(count)
  }
  let kept = ranked.length
  if (!fits(kept)) {
    // Folding only merges names, so fewer kept pages never make more edges: a binary search.
    let fitting = 0
    let failing = kept
    while (failing - fitting > 1) {
      const middle = (fitting + failing) >> 1
      if (fits(middle)) fitting = middle
      else failing = middle
    }
    kept = fitting
  }
  const name = nameWith(keptOf(kept))
  const nodes: JourneyGraph['nodes'] = ranked.slice(0, kept).map((stats) => ({
    id: stats.page,
    page: stats.page,
    views: stats.views,
    meanSecondsOnPage: stats.durationCount === 0 ? null : stats.durationSum / stats.durationCount
  }))
  const folded = ranked.slice(kept)
  if (folded.length > 0) {
    const durationCount = folded.reduce((sum, p) => sum + p.durationCount, 0)
    const durationSum = folded.reduce((sum, p) => sum + p.durationSum, 0)
    nodes.push({
      id: FLOW_OTHER,
      page: FLOW_OTHER,
      views: folded.reduce((sum, p) => sum + p.views, 0),
      meanSecondsOnPage: durationCount === 0 ? null : durationSum / durationCount
    })
  }
  if (bounds > 0) {
    for (const bound of [FLOW_ENTRY, FLOW_EXIT]) {
      nodes.push({ id: bound, page: bound, views: sessionsWithViews, meanSecondsOnPage: null })
    }
  }
  const counts = new Map<string, JourneyTransition>()
  for (const { source, target, count } of transitions) {
    const shown = { source: name(source), target: name(target), count: 0 }
    const key = `${shown.source}\u0000${shown.target}`
    const edge = counts.get(key) ?? shown
    edge.count += count
    counts.set(key, edge)
  }
  const edges = [...counts.values()]
  nodes.sort(compareJourneyNodes)
  edges.sort(compareJourneyEdges)
  return { nodes, edges, foldedPages: folded.length }
}

/**
 * Whether the transitions make at most `GRAPH_BUDGET.edges` distinct edges when only the first
 * `count` ranked pages keep their name (as `nameWith` names them): each transition's ends are
 * ranks, compared as numbers, so the binary search over `count` builds no strings.
 */
function fitsBudgetByRank(
  ranked: readonly JourneyPageStats[],
  transitions: readonly JourneyTransition[]
): (count: number) => boolean {
  const rankOf = new Map(ranked.map((stats, rank) => [stats.page, rank]))
  // Codes: (entry) 0, (exit) 1, (other) 2, the page of rank r 3 + r (unranked pages fold).
  const codeOf = (name: string): number => {
    if (name === FLOW_ENTRY) return 0
    if (name === FLOW_EXIT) return 1
    if (name === FLOW_OTHER) return 2
    return 3 + (rankOf.get(name) ?? ranked.length)
  }
  const sources = Int32Array.from(transitions, (t) => codeOf(t.source))
  const targets = Int32Array.from(transitions, (t) => codeOf(t.target))
  const width = ranked.length + 4
  return (count) => {
    const shown = (code: number): number => (code >= 3 + count ? 2 : code)
    const edges = new Set<number>()
    for (let k = 0; k < sources.length; k++) {
      edges.add(shown(sources[k] as number) * width + shown(targets[k] as number))
      if (edges.size > GRAPH_BUDGET.edges) return false
    }
    return true
  }
}

/** The plan note when a journey graph was folded (none otherwise). */
export function journeyBudgetNote(graph: JourneyGraph): string[] {
  if (graph.foldedPages === 0) return []
  const pages = graph.foldedPages.toLocaleString('en-US')
  return [
    `The journey graph folds the ${pages} least viewed pages into (other), with exact counts, so it stays within ${GRAPH_BUDGET.nodes} nodes and ${GRAPH_BUDGET.edges.toLocaleString('en-US')} edges.`
  ]
}

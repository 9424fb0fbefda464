import type { FlowQuery } from '../../../shared/journeys/query-schemas'
import type { FlowEdge, FlowNode, FlowResult } from '../../../shared/journeys/results'
import { compareFlowEdges, compareFlowNodes, compareRankedPages } from '../rules/flow-order'

/** A row of the ranking pipeline: sessions at (step, page); a missing step counts capped sessions. */
export interface FlowRankingRow {
  _id: { step?: number | null; page?: string | null }
  sessions: number
  capped: number
}

/** What the graph pipeline needs from the ranking: the kept pages per step, and the counts. */
export interface FlowRanking {
  /** keptPages[j]: pages that keep their name at step j (index 0 unused). */
  keptPages: string[][]
  /** Sessions in the flow. */
  sessions: number
  /** Sessions whose page views were capped (in the flow or not). */
  cappedSessions: number
}

/**
 * The top pages per step from the ranking rows, re-ranked here (sessions desc, then page in byte
 * order, as the reducers rank), so neither the row order nor the server's string order matters.
 */
export function flowRankingFromRows(
  query: Pick<FlowQuery, 'depth' | 'topN'>,
  rows: Iterable<FlowRankingRow>
): FlowRanking {
  const perStep: { page: string; sessions: number }[][] = Array.from(
    { length: query.depth + 1 },
    () => []
  )
  let sessions = 0
  let cappedSessions = 0
  for (const row of rows) {
    const step = row._id.step ?? null
    const page = row._id.page ?? null
    if (step === null || step === 0) cappedSessions += row.capped
    if (step === null || page === null) continue
    if (step === 0) sessions += row.sessions
    else perStep[step]?.push({ page, sessions: row.sessions })
  }
  const keptPages = perStep.map((pages, step) =>
    step === 0
      ? []
      : pages
          .sort(compareRankedPages)
          .slice(0, query.topN)
          .map((p) => p.page)
  )
  return { keptPages, sessions, cappedSessions }
}

/** A row of the graph pipeline: node (k 'n', page a at step j) or edge (k 'e', a at j-1 -> b at j). */
export interface FlowGraphRow {
  _id: { k: 'n' | 'e'; j: number; a: string; b?: string | null }
  sessions: number
  users: number
}

/** The flow result (without plan) from the graph rows, ordered as the spec says. */
export function flowResultFromRows(
  query: Pick<FlowQuery, 'direction'>,
  rows: Iterable<FlowGraphRow>
): Omit<FlowResult, 'plan'> {
  const forward = query.direction === 'from'
  const nodes: FlowNode[] = []
  const edges: FlowEdge[] = []
  for (const { _id, sessions, users } of rows) {
    const { j, a } = _id
    if (_id.k === 'n') {
      nodes.push({ id: `${j}:${a}`, step: j, page: a, sessions, users })
      continue
    }
    // `a` is one step nearer the chosen page than `b`; `to` edges point forward in time.
    const near = `${j - 1}:${a}`
    const far = `${j}:${_id.b ?? ''}`
    edges.push(
      forward
        ? { source: near, target: far, sessions, users }
        : { source: far, target: near, sessions, users }
    )
  }
  nodes.sort(compareFlowNodes)
  edges.sort(compareFlowEdges)
  const root = nodes.find((node) => node.step === 0)
  return { nodes, edges, sessions: root ? root.sessions : 0 }
}

import type { DocumentId } from '../../../shared/journeys/documents'
import type { FlowQuery, FlowUsersQuery } from '../../../shared/journeys/query-schemas'
import type {
  FlowEdge,
  FlowNode,
  FlowResult,
  FlowUsersResult
} from '../../../shared/journeys/results'
import { compareIds } from '../rules/compare-ids'
import {
  sortFlowGraph,
  type FlowEdgeKey,
  type FlowGraphKeys,
  type FlowNodeKey
} from '../rules/flow-budget'
import { compareRankedPages } from '../rules/flow-order'
import { contactOf } from '../rules/user-contacts'
import type { UserContactRow } from './funnel-rows'

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

/** The node and edge keys of graph rows, for the budget (flow-budget.ts). */
export function flowGraphKeysOfRows(rows: Iterable<FlowGraphRow>): FlowGraphKeys {
  const nodes: FlowNodeKey[] = []
  const edges: FlowEdgeKey[] = []
  for (const { _id } of rows) {
    if (_id.k === 'n') nodes.push({ step: _id.j, name: _id.a })
    else edges.push({ step: _id.j, from: _id.a, to: _id.b ?? '' })
  }
  return { nodes, edges }
}

/** The ranking's kept pages cut to the top `kept` of each step (the budget may lower it). */
export function keptPagesWithin(ranking: Pick<FlowRanking, 'keptPages'>, kept: number): string[][] {
  return ranking.keptPages.map((pages) => pages.slice(0, kept))
}

/**
 * The flow result (without plan) from the graph rows of a graph pipeline run with the top
 * `keptPerStep` pages of each step, ordered as the spec says.
 */
export function flowResultFromRows(
  query: Pick<FlowQuery, 'direction'>,
  rows: Iterable<FlowGraphRow>,
  keptPerStep: number
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
  const root = nodes.find((node) => node.step === 0)
  return { ...sortFlowGraph(nodes, edges), sessions: root ? root.sessions : 0, keptPerStep }
}

/** The flow-users page from the rows of `buildFlowUsersPipelines`. */
export function flowUsersFromRows(
  query: Pick<FlowUsersQuery, 'users'>,
  pageRows: Iterable<UserContactRow & { s: DocumentId[] }>,
  countRows: Iterable<{ users: number; sessions: number }>
): Omit<FlowUsersResult, 'plan'> {
  let total = 0
  let sessions = 0
  for (const row of countRows) {
    total += row.users
    sessions += row.sessions
  }
  return {
    // Sorted again here, so the order never rests on how a server sorts mixed id types in $push.
    users: [...pageRows].map((row) => ({
      userId: row._id,
      ...contactOf({ name: row.n, email: row.e }),
      sessionIds: [...row.s].sort(compareIds)
    })),
    total,
    sessions,
    page: { offset: query.users.offset, limit: query.users.limit }
  }
}

import type { Db, Document } from 'mongodb'
import type { FindSpec } from './find-specs'
import { toAppError } from '../../errors/to-app-error'

/** What a server says about how it would run a find. */
export interface FindExplanation {
  server: 'mongodb' | 'ferretdb'
  /** `IXSCAN` when an index is used (including `_id` lookups), `COLLSCAN` when every row is read. */
  stage: 'IXSCAN' | 'COLLSCAN' | 'UNKNOWN'
  /** The index of the winning plan (the backend's own name on FerretDB), or null. */
  indexName: string | null
  /** The plan in the server's words, one line per node. */
  summary: string[]
  /** FerretDB only: whether it passed the filter and the sort on to its SQL backend. */
  pushdown?: { filter: boolean; sort: boolean }
}

/**
 * Runs `explain` (queryPlanner verbosity) for a find. MongoDB answers with a tree of stages
 * (`IXSCAN`, `IDHACK`, `EXPRESS_IXSCAN`, `COLLSCAN`, ...); FerretDB 1.x answers with its backend's
 * plan: SQLite's `EXPLAIN QUERY PLAN` lines (`SCAN t`, `SEARCH t USING INDEX i (...)`) or
 * PostgreSQL's JSON plan (`Seq Scan`, `Index Scan`), plus `filterPushdown`/`sortPushdown` flags.
 */
export async function explainFind(
  db: Db,
  spec: FindSpec,
  signal?: AbortSignal
): Promise<FindExplanation> {
  let explanation: Document
  try {
    const cursor = db.collection(spec.collection).find(spec.filter, signal ? { signal } : {})
    if (spec.projection) cursor.project(spec.projection)
    if (spec.sort) cursor.sort(spec.sort)
    explanation = await cursor.explain('queryPlanner')
  } catch (error) {
    throw toAppError(error, signal ? { signal } : {})
  }
  return readExplanation(explanation)
}

/** Reads an explain answer from either family of servers. */
export function readExplanation(explanation: Document): FindExplanation {
  const planner = (explanation.queryPlanner ?? {}) as Document
  const isFerret =
    'filterPushdown' in explanation ||
    'Plan' in planner ||
    typeof (explanation.serverInfo as Document | undefined)?.ferretdbVersion === 'string'
  return isFerret ? readFerretExplanation(explanation, planner) : readMongoExplanation(planner)
}

const INDEX_STAGES = new Set([
  'IXSCAN',
  'EXPRESS_IXSCAN',
  'IDHACK',
  'EXPRESS_IDHACK',
  'COUNT_SCAN',
  'DISTINCT_SCAN',
  'EXPRESS_CLUSTERED_IXSCAN'
])

/** What a walk over a plan found: the first index used, and whether a full scan appears. */
interface PlanFindings {
  summary: string[]
  indexName: string | null
  scans: boolean
}

function stageOf(findings: PlanFindings): FindExplanation['stage'] {
  return findings.indexName !== null ? 'IXSCAN' : findings.scans ? 'COLLSCAN' : 'UNKNOWN'
}

function readMongoExplanation(planner: Document): FindExplanation {
  const winning = (planner.winningPlan ?? {}) as Document
  // Slot-based engine plans wrap the classic tree in `queryPlan`.
  const root = (winning.queryPlan ?? winning) as Document
  const found: PlanFindings = { summary: [], indexName: null, scans: false }
  const visit = (node: unknown, depth: number): void => {
    if (typeof node !== 'object' || node === null) return
    const record = node as Document
    const stage = typeof record.stage === 'string' ? record.stage : ''
    const name: unknown = record.indexName
    found.summary.push(`${'  '.repeat(depth)}${stage}${typeof name === 'string' ? ` ${name}` : ''}`)
    if (INDEX_STAGES.has(stage)) found.indexName ??= typeof name === 'string' ? name : '_id_'
    if (stage === 'COLLSCAN') found.scans = true
    visit(record.inputStage, depth + 1)
    for (const child of (record.inputStages as unknown[] | undefined) ?? []) visit(child, depth + 1)
  }
  visit(root, 0)
  return {
    server: 'mongodb',
    stage: stageOf(found),
    indexName: found.indexName,
    summary: found.summary
  }
}

function readFerretExplanation(explanation: Document, planner: Document): FindExplanation {
  const found: PlanFindings = { summary: [], indexName: null, scans: false }
  const visit = (node: unknown, depth: number): void => {
    if (typeof node === 'string') {
      // SQLite: "id=2 parent=0 notused=0 detail=SEARCH t USING INDEX name (col=?)".
      const detail = node.replace(/^.*detail=/, '')
      found.summary.push(detail)
      const index = /USING (?:COVERING )?INDEX (\S+)/.exec(detail)
      if (index) found.indexName ??= index[1] ?? null
      else if (/USING (?:INTEGER )?PRIMARY KEY/.test(detail)) found.indexName ??= 'PRIMARY KEY'
      else if (detail.startsWith('SCAN ')) found.scans = true
      return
    }
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth)
      return
    }
    if (typeof node !== 'object' || node === null) return
    const record = node as Document
    const type: unknown = record['Node Type']
    if (typeof type === 'string') {
      // PostgreSQL: { "Node Type": "Index Scan", "Index Name": ..., "Plans": [...] }.
      const name: unknown = record['Index Name']
      found.summary.push(
        `${'  '.repeat(depth)}${type}${typeof name === 'string' ? ` ${name}` : ''}`
      )
      if (type.includes('Index') && typeof name === 'string') found.indexName ??= name
      if (type === 'Seq Scan') found.scans = true
    }
    visit(record.Plan, depth + 1)
    visit(record.Plans, depth + 1)
  }
  visit(planner.Plan, 0)
  return {
    server: 'ferretdb',
    stage: stageOf(found),
    indexName: found.indexName,
    summary: found.summary,
    pushdown: {
      filter: explanation.filterPushdown === true,
      sort: explanation.sortPushdown === true
    }
  }
}

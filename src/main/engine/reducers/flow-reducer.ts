import type { FlowEdge, FlowNode, FlowResult } from '../../../shared/journeys/results'
import {
  flowKeptPerStep,
  sortFlowGraph,
  type FlowEdgeKey,
  type FlowGraphKeys,
  type FlowNodeKey
} from '../rules/flow-budget'
import { compareRankedPages, FLOW_ENTRY, FLOW_EXIT, FLOW_OTHER } from '../rules/flow-order'
import { walkFlowPath, type FlowShape } from './flow-path'

export type { FlowShape } from './flow-path'

/**
 * Sessions (each session adds once) and distinct users behind a node or an edge. Users go into a
 * set, or, when they are known to come in ascending order, into a list (much cheaper than a set);
 * a list that turns out not to be strictly ascending is counted with a set, so counts stay exact.
 */
class Tally<U> {
  sessions = 0
  private readonly set: Set<U> | null
  private readonly list: U[] | null
  /** The last user added: runs of one user's sessions skip the set or list. */
  private last: U | undefined = undefined

  constructor(usersAscending: boolean) {
    this.set = usersAscending ? null : new Set()
    this.list = usersAscending ? [] : null
  }

  add(user: U): void {
    this.sessions++
    if (user === this.last) return
    this.last = user
    if (this.list) this.list.push(user)
    else this.set?.add(user)
  }

  distinctUsers(): number {
    if (this.set) return this.set.size
    const list = this.list as U[]
    for (let i = 1; i < list.length; i++) {
      if (!((list[i - 1] as U) < (list[i] as U))) return new Set(list).size
    }
    return list.length
  }

  addUsersTo(target: Set<U>): void {
    for (const user of this.set ?? this.list ?? []) target.add(user)
  }
}

/** Sums sessions (disjoint: one session sits once at a step) and unites users of merged tallies. */
function mergeTallies<U>(tallies: readonly Tally<U>[]): { sessions: number; users: number } {
  if (tallies.length === 1) {
    const only = tallies[0] as Tally<U>
    return { sessions: only.sessions, users: only.distinctUsers() }
  }
  let sessions = 0
  const users = new Set<U>()
  for (const tally of tallies) {
    sessions += tally.sessions
    tally.addUsersTo(users)
  }
  return { sessions, users: users.size }
}

export interface FlowAccumulatorOptions {
  /**
   * Sessions arrive with their users in ascending order (the local engine feeds user indexes user
   * by user). Users are then kept in lists instead of sets; any other order still counts right.
   */
  usersAscending?: boolean
}

/**
 * Page flows from or to a page. Feed each session's in-scope page views (URLs in event order) with
 * its user; the accumulator merges repeats, cuts at the first view of the page, and counts raw pages
 * and raw page pairs per step. Top N and `(other)` are applied in `result`, so counts stay exact and
 * memory is bounded by the distinct pages and page pairs per step (plus their user sets).
 * `U` is any user key with value equality (a string key or an index).
 */
export class FlowAccumulator<U> {
  private sessions = 0
  private readonly usersAscending: boolean
  private readonly root: Tally<U>
  /** stepPages[j-1]: raw page at step j -> tally. */
  private readonly stepPages: Map<string, Tally<U>>[]
  /** stepEdges[j-1]: raw page at step j-1 -> raw page at step j -> tally. */
  private readonly stepEdges: Map<string, Map<string, Tally<U>>>[]
  /** The path buffer `addSession` walks into. */
  private readonly path: string[] = []

  constructor(
    private readonly shape: FlowShape,
    options: FlowAccumulatorOptions = {}
  ) {
    this.usersAscending = options.usersAscending ?? false
    this.root = new Tally(this.usersAscending)
    this.stepPages = Array.from({ length: shape.depth }, () => new Map<string, Tally<U>>())
    this.stepEdges = Array.from(
      { length: shape.depth },
      () => new Map<string, Map<string, Tally<U>>>()
    )
  }

  /**
   * One session: the URLs of its in-scope page views in event order (only the first `length`
   * are read). Returns whether the session is in the flow (it viewed the page).
   */
  addSession(pageViews: ArrayLike<string>, user: U, length = pageViews.length): boolean {
    if (!walkFlowPath(this.shape, pageViews, length, this.path)) return false
    this.addPath(this.path, user)
    return true
  }

  /** One session's path as `walkFlowPath` gives it (raw pages at steps 0..k). */
  addPath(path: readonly string[], user: U): void {
    this.sessions++
    this.root.add(user)
    for (let j = 1; j < path.length; j++) {
      const previous = path[j - 1] as string
      const next = path[j] as string
      this.tallyOf(this.stepPages[j - 1] as Map<string, Tally<U>>, next).add(user)
      const edges = this.stepEdges[j - 1] as Map<string, Map<string, Tally<U>>>
      let targets = edges.get(previous)
      if (!targets) {
        targets = new Map()
        edges.set(previous, targets)
      }
      this.tallyOf(targets, next).add(user)
    }
  }

  private tallyOf(map: Map<string, Tally<U>>, key: string): Tally<U> {
    let tally = map.get(key)
    if (!tally) {
      tally = new Tally(this.usersAscending)
      map.set(key, tally)
    }
    return tally
  }

  /**
   * Per step j >= 1 (index j), the pages ranked by sessions at that step (desc, then page in byte
   * order), at most `topN` of them: the pages that keep their name. Index 0 is empty.
   */
  rankedPages(): string[][] {
    return [
      [],
      ...this.stepPages.map((pages) =>
        [...pages.entries()]
          .filter(([raw]) => raw !== FLOW_EXIT && raw !== FLOW_ENTRY)
          .sort(([pageA, a], [pageB, b]) =>
            compareRankedPages(
              { page: pageA, sessions: a.sessions },
              { page: pageB, sessions: b.sessions }
            )
          )
          .slice(0, this.shape.topN)
          .map(([raw]) => raw)
      )
    ]
  }

  /**
   * Per step (index j), raw page -> shown name when the top `kept` pages of each step keep their
   * name and the rest become `(other)`. Step 0 is the chosen page.
   */
  shownNames(kept: number = this.shape.topN, ranked = this.rankedPages()): Map<string, string>[] {
    const names: Map<string, string>[] = [new Map([[this.shape.page, this.shape.page]])]
    for (let j = 1; j <= this.shape.depth; j++) {
      const keep = new Set((ranked[j] ?? []).slice(0, kept))
      const step = new Map<string, string>()
      for (const raw of (this.stepPages[j - 1] as Map<string, Tally<U>>).keys()) {
        step.set(raw, raw === FLOW_EXIT || raw === FLOW_ENTRY || keep.has(raw) ? raw : FLOW_OTHER)
      }
      names.push(step)
    }
    return names
  }

  /**
   * The flow within the graph budget (flow-budget.ts): the top N pages of each step keep their name,
   * N lowered from `topN` as far as needed, the rest become `(other)` with exact counts.
   */
  result(): Omit<FlowResult, 'plan'> {
    const { kept, names } = this.budgetedNames()
    return this.resultWith(names, kept)
  }

  /** The pages kept per step within the budget, and the shown names they give. */
  budgetedNames(): { kept: number; names: Map<string, string>[] } {
    const ranked = this.rankedPages()
    const atTopN = this.shownNames(this.shape.topN, ranked)
    const kept = flowKeptPerStep(this.shape, ranked, this.shownKeys(atTopN))
    return { kept, names: kept === this.shape.topN ? atTopN : this.shownNames(kept, ranked) }
  }

  /** The node and edge keys of the flow with these shown names, for the budget. */
  private shownKeys(names: readonly Map<string, string>[]): FlowGraphKeys {
    const nodes: FlowNodeKey[] = []
    const edges: FlowEdgeKey[] = []
    if (this.sessions > 0) nodes.push({ step: 0, name: this.shape.page })
    for (let j = 1; j <= this.shape.depth; j++) {
      const stepNames = names[j] as Map<string, string>
      for (const name of new Set(stepNames.values())) nodes.push({ step: j, name })
      const previous = names[j - 1] as Map<string, string>
      const pairs = new Set<string>()
      for (const [fromRaw, targets] of this.stepEdges[j - 1] as Map<
        string,
        Map<string, Tally<U>>
      >) {
        const from = previous.get(fromRaw) as string
        for (const toRaw of targets.keys()) {
          const to = stepNames.get(toRaw) as string
          const key = `${from}\u0000${to}`
          if (pairs.has(key)) continue
          pairs.add(key)
          edges.push({ step: j, from, to })
        }
      }
    }
    return { nodes, edges }
  }

  private resultWith(
    names: readonly Map<string, string>[],
    kept: number
  ): Omit<FlowResult, 'plan'> {
    const { page, depth } = this.shape
    const forward = this.shape.direction === 'from'
    const nodes: FlowNode[] = []
    const edges: FlowEdge[] = []
    if (this.sessions > 0) {
      nodes.push({
        id: `0:${page}`,
        step: 0,
        page,
        sessions: this.root.sessions,
        users: this.root.distinctUsers()
      })
    }
    for (let j = 1; j <= depth; j++) {
      const pages = this.stepPages[j - 1] as Map<string, Tally<U>>
      const stepNames = names[j] as Map<string, string>
      const previousNames = names[j - 1] as Map<string, string>
      const byName = groupBy(pages, (raw) => stepNames.get(raw) as string)
      for (const [name, tallies] of byName) {
        nodes.push({ id: `${j}:${name}`, step: j, page: name, ...mergeTallies(tallies) })
      }
      const pairs = new Map<string, { source: string; target: string; tallies: Tally<U>[] }>()
      for (const [fromRaw, targets] of this.stepEdges[j - 1] as Map<
        string,
        Map<string, Tally<U>>
      >) {
        const fromName = previousNames.get(fromRaw) as string
        for (const [toRaw, tally] of targets) {
          const toName = stepNames.get(toRaw) as string
          const earlier = forward ? `${j - 1}:${fromName}` : `${j}:${toName}`
          const later = forward ? `${j}:${toName}` : `${j - 1}:${fromName}`
          const key = `${earlier}\u0000${later}`
          let pair = pairs.get(key)
          if (!pair) {
            pair = { source: earlier, target: later, tallies: [] }
            pairs.set(key, pair)
          }
          pair.tallies.push(tally)
        }
      }
      for (const pair of pairs.values()) {
        edges.push({ source: pair.source, target: pair.target, ...mergeTallies(pair.tallies) })
      }
    }
    return { ...sortFlowGraph(nodes, edges), sessions: this.sessions, keptPerStep: kept }
  }
}

function groupBy<U>(
  pages: Map<string, Tally<U>>,
  nameOf: (raw: string) => string
): Map<string, Tally<U>[]> {
  const groups = new Map<string, Tally<U>[]>()
  for (const [raw, tally] of pages) {
    const name = nameOf(raw)
    const group = groups.get(name)
    if (group) group.push(tally)
    else groups.set(name, [tally])
  }
  return groups
}

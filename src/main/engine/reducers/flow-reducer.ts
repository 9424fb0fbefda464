import type { FlowQuery } from '../../../shared/journeys/query-schemas'
import type { FlowEdge, FlowNode, FlowResult } from '../../../shared/journeys/results'
import {
  compareFlowEdges,
  compareFlowNodes,
  compareRankedPages,
  FLOW_ENTRY,
  FLOW_EXIT,
  FLOW_OTHER
} from '../rules/flow-order'

export type FlowShape = Pick<FlowQuery, 'page' | 'direction' | 'depth' | 'topN'>

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
    const { page, depth } = this.shape
    let first = -1
    for (let i = 0; i < length; i++) {
      if (pageViews[i] === page) {
        first = i
        break
      }
    }
    if (first < 0) return false
    this.sessions++
    this.root.add(user)

    const forward = this.shape.direction === 'from'
    const step = forward ? 1 : -1
    let current = page
    let index = first + step
    for (let j = 1; j <= depth; j++) {
      // Skip consecutive repeats of the current page (repeats merge into one view).
      while (index >= 0 && index < length && pageViews[index] === current) index += step
      const next =
        index >= 0 && index < length
          ? (pageViews[index] as string)
          : forward
            ? FLOW_EXIT
            : FLOW_ENTRY
      this.tallyOf(this.stepPages[j - 1] as Map<string, Tally<U>>, next).add(user)
      const edges = this.stepEdges[j - 1] as Map<string, Map<string, Tally<U>>>
      let targets = edges.get(current)
      if (!targets) {
        targets = new Map()
        edges.set(current, targets)
      }
      this.tallyOf(targets, next).add(user)
      if (next === FLOW_EXIT || next === FLOW_ENTRY) break
      current = next
      index += step
    }
    return true
  }

  private tallyOf(map: Map<string, Tally<U>>, key: string): Tally<U> {
    let tally = map.get(key)
    if (!tally) {
      tally = new Tally(this.usersAscending)
      map.set(key, tally)
    }
    return tally
  }

  result(): Omit<FlowResult, 'plan'> {
    const { page, depth, topN } = this.shape
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
    // names[j]: raw page at step j -> shown name (itself or `(other)`); step 0 is the page.
    let previousNames = new Map<string, string>([[page, page]])
    for (let j = 1; j <= depth; j++) {
      const pages = this.stepPages[j - 1] as Map<string, Tally<U>>
      const names = topNames(pages, topN)
      const byName = groupBy(pages, (raw) => names.get(raw) as string)
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
          const toName = names.get(toRaw) as string
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
      previousNames = names
    }
    nodes.sort(compareFlowNodes)
    edges.sort(compareFlowEdges)
    return { nodes, edges, sessions: this.sessions }
  }
}

/** Raw page -> shown name at one step: the top N pages by sessions (then page) keep their name. */
function topNames<U>(pages: Map<string, Tally<U>>, topN: number): Map<string, string> {
  const ranked = [...pages.entries()]
    .filter(([raw]) => raw !== FLOW_EXIT && raw !== FLOW_ENTRY)
    .sort(([pageA, a], [pageB, b]) =>
      compareRankedPages(
        { page: pageA, sessions: a.sessions },
        { page: pageB, sessions: b.sessions }
      )
    )
  const names = new Map<string, string>()
  ranked.forEach(([raw], rank) => names.set(raw, rank < topN ? raw : FLOW_OTHER))
  if (pages.has(FLOW_EXIT)) names.set(FLOW_EXIT, FLOW_EXIT)
  if (pages.has(FLOW_ENTRY)) names.set(FLOW_ENTRY, FLOW_ENTRY)
  return names
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

import type { FlowEdge, FlowNode, FlowResult } from '../../../shared/journeys/results'
import {
  flowKeptPerStep,
  sortFlowGraph,
  type FlowEdgeKey,
  type FlowGraphKeys,
  type FlowNodeKey
} from '../rules/flow-budget'
import { compareRankedPages, FLOW_ENTRY, FLOW_EXIT, FLOW_OTHER } from '../rules/flow-order'
import { FlowPathStore } from './flow-path-store'
import { walkFlowPath, type FlowShape } from './flow-path'

export type { FlowShape } from './flow-path'

/**
 * Page flows from or to a page. Feed each session's in-scope page views (URLs in event order) with
 * its user; the accumulator merges repeats, cuts at the first view of the page, and keeps each
 * session's path as page codes (FlowPathStore). Counting, top N and `(other)` happen in `result`,
 * so counts stay exact; memory is a few numbers per session in the flow. Users may come in any
 * order (the local engine feeds them user by user, which saves a sort). `U` is any user key with
 * value equality (a string key or an index).
 */
export class FlowAccumulator<U> {
  private readonly store = new FlowPathStore<U>()
  /** The path buffer `addSession` walks into. */
  private readonly path: string[] = []
  /** Sessions per raw page code at each step 0..depth, counted when first asked for. */
  private counted: { sessions: number; steps: Int32Array[] } | null = null
  private lastShown: {
    names: readonly Map<string, string>[]
    sessions: number
    counts: ShownFlowCounts
  } | null = null

  constructor(private readonly shape: FlowShape) {}

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
    this.store.add(path, user)
    this.counted = null
  }

  /** Sessions per raw page code at each step (index j: step j). */
  private stepSessions(): Int32Array[] {
    const { store } = this
    if (this.counted?.sessions === store.count) return this.counted.steps
    const steps = Array.from(
      { length: this.shape.depth + 1 },
      () => new Int32Array(store.pages.length)
    )
    const { codes, starts } = store
    for (let n = 0; n < store.count; n++) {
      const from = starts[n] as number
      const to = starts[n + 1] as number
      for (let k = from; k < to; k++) {
        const counts = steps[k - from] as Int32Array
        counts[codes[k] as number] = (counts[codes[k] as number] as number) + 1
      }
    }
    this.counted = { sessions: store.count, steps }
    return steps
  }

  /**
   * Per step j >= 1 (index j), the pages ranked by sessions at that step (desc, then page in byte
   * order), at most `topN` of them: the pages that keep their name. Index 0 is empty.
   */
  rankedPages(): string[][] {
    const { pages } = this.store
    return [
      [],
      ...this.stepSessions()
        .slice(1)
        .map((counts) => {
          const ranked: { page: string; sessions: number }[] = []
          for (let code = 0; code < counts.length; code++) {
            const sessions = counts[code] as number
            const page = pages[code] as string
            if (sessions > 0 && page !== FLOW_EXIT && page !== FLOW_ENTRY) {
              ranked.push({ page, sessions })
            }
          }
          return ranked
            .sort(compareRankedPages)
            .slice(0, this.shape.topN)
            .map(({ page }) => page)
        })
    ]
  }

  /**
   * Per step (index j), raw page -> shown name when the top `kept` pages of each step keep their
   * name and the rest become `(other)`. Step 0 is the chosen page.
   */
  shownNames(kept: number = this.shape.topN, ranked = this.rankedPages()): Map<string, string>[] {
    const names: Map<string, string>[] = [new Map([[this.shape.page, this.shape.page]])]
    const steps = this.stepSessions()
    const { pages } = this.store
    for (let j = 1; j <= this.shape.depth; j++) {
      const keep = new Set((ranked[j] ?? []).slice(0, kept))
      const counts = steps[j] as Int32Array
      const step = new Map<string, string>()
      for (let code = 0; code < counts.length; code++) {
        if (counts[code] === 0) continue
        const raw = pages[code] as string
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
    const graph = this.countShown(names)
    const nodes: FlowNodeKey[] = []
    const edges: FlowEdgeKey[] = []
    graph.forEachNode((step, name) => nodes.push({ step, name }))
    graph.forEachEdge((step, from, to) => edges.push({ step, from, to }))
    return { nodes, edges }
  }

  private resultWith(
    names: readonly Map<string, string>[],
    kept: number
  ): Omit<FlowResult, 'plan'> {
    const forward = this.shape.direction === 'from'
    const graph = this.countShown(names)
    const nodes: FlowNode[] = []
    const edges: FlowEdge[] = []
    graph.forEachNode((step, page, sessions, users) => {
      nodes.push({ id: `${step}:${page}`, step, page, sessions, users })
    })
    graph.forEachEdge((step, fromName, toName, sessions, users) => {
      const earlier = forward ? `${step - 1}:${fromName}` : `${step}:${toName}`
      const later = forward ? `${step}:${toName}` : `${step - 1}:${fromName}`
      edges.push({ source: earlier, target: later, sessions, users })
    })
    return { ...sortFlowGraph(nodes, edges), sessions: this.store.count, keptPerStep: kept }
  }

  /**
   * Sessions and distinct users of every shown node and edge, over the stored sessions (the last
   * names counted are kept: the budget and the result usually count the same names).
   */
  private countShown(names: readonly Map<string, string>[]): ShownFlowCounts {
    const last = this.lastShown
    if (last?.names === names && last.sessions === this.store.count) return last.counts
    const counts = this.countShownAnew(names)
    this.lastShown = { names, sessions: this.store.count, counts }
    return counts
  }

  private countShownAnew(names: readonly Map<string, string>[]): ShownFlowCounts {
    const steps = this.stepSessions()
    const { pages } = this.store
    const shown = steps.map((counts, j) => {
      const stepNames = names[j] as Map<string, string>
      const ids = new Map<string, number>()
      const shownOf = new Int32Array(counts.length).fill(-1)
      for (let code = 0; code < counts.length; code++) {
        if (counts[code] === 0) continue
        const name = stepNames.get(pages[code] as string) as string
        let id = ids.get(name)
        if (id === undefined) {
          id = ids.size
          ids.set(name, id)
        }
        shownOf[code] = id
      }
      return { names: [...ids.keys()], shownOf }
    })
    return new ShownFlowCounts(this.store, shown)
  }
}

/**
 * Sessions and distinct users per shown node (step, name) and edge (step, from, to), counted over
 * a store's sessions user by user: a user is new to a node or edge when it was not the last one
 * counted there, which is exact because each user's sessions are visited together.
 */
class ShownFlowCounts {
  private readonly nodes: { sessions: Int32Array; users: Int32Array }[]
  private readonly edges: { sessions: Int32Array; users: Int32Array }[]

  constructor(
    store: FlowPathStore<unknown>,
    private readonly shown: readonly { names: string[]; shownOf: Int32Array }[]
  ) {
    const tally = (size: number) => ({
      sessions: new Int32Array(size),
      users: new Int32Array(size),
      last: new Int32Array(size).fill(-1)
    })
    const nodes = shown.map((step) => tally(step.names.length))
    const edges = shown.map((step, j) =>
      tally(j === 0 ? 0 : (shown[j - 1] as (typeof shown)[number]).names.length * step.names.length)
    )
    const { codes, starts, users } = store
    const add = (counts: ReturnType<typeof tally>, slot: number, user: number): void => {
      counts.sessions[slot] = (counts.sessions[slot] as number) + 1
      if (counts.last[slot] !== user) {
        counts.last[slot] = user
        counts.users[slot] = (counts.users[slot] as number) + 1
      }
    }
    for (const n of store.sessionsByUser()) {
      const user = users[n] as number
      const from = starts[n] as number
      const to = starts[n + 1] as number
      let previous = -1
      for (let k = from; k < to; k++) {
        const j = k - from
        const step = shown[j] as (typeof shown)[number]
        const id = step.shownOf[codes[k] as number] as number
        add(nodes[j] as ReturnType<typeof tally>, id, user)
        if (j > 0)
          add(edges[j] as ReturnType<typeof tally>, previous * step.names.length + id, user)
        previous = id
      }
    }
    this.nodes = nodes
    this.edges = edges
  }

  /** Every node with sessions, step by step. */
  forEachNode(visit: (step: number, name: string, sessions: number, users: number) => void): void {
    this.shown.forEach((step, j) => {
      const counts = this.nodes[j] as ShownFlowCounts['nodes'][number]
      step.names.forEach((name, id) => {
        const sessions = counts.sessions[id] as number
        if (sessions > 0) visit(j, name, sessions, counts.users[id] as number)
      })
    })
  }

  /** Every edge with sessions (`from` at step - 1, `to` at step), step by step. */
  forEachEdge(
    visit: (step: number, from: string, to: string, sessions: number, users: number) => void
  ): void {
    for (let j = 1; j < this.shown.length; j++) {
      const counts = this.edges[j] as ShownFlowCounts['edges'][number]
      const fromNames = (this.shown[j - 1] as (typeof this.shown)[number]).names
      const toNames = (this.shown[j] as (typeof this.shown)[number]).names
      for (let slot = 0; slot < counts.sessions.length; slot++) {
        const sessions = counts.sessions[slot] as number
        if (sessions === 0) continue
        const from = fromNames[Math.floor(slot / toNames.length)] as string
        visit(
          j,
          from,
          toNames[slot % toNames.length] as string,
          sessions,
          counts.users[slot] as number
        )
      }
    }
  }
}

import type { DocumentId, EventDocument, SessionDocument, UserDocument } from './documents'

/** How a result was computed: in the database, by streaming through a reducer, or in-process. */
export type Strategy = 'pipeline' | 'reducer' | 'local'

/**
 * The queries that produced a result, printable for mongosh. `collection` is the collection the
 * operation ran on; `pipeline` for aggregate, `filter`/`projection`/`sort` for find.
 */
export interface QueryPlanStep {
  collection: string
  operation: 'aggregate' | 'find' | 'countDocuments'
  pipeline?: Record<string, unknown>[]
  filter?: Record<string, unknown>
  projection?: Record<string, unknown>
  sort?: Record<string, unknown>
  /** Index hint or index the engine expects to use. */
  index?: string
}

export interface QueryPlan {
  strategy: Strategy
  steps: QueryPlanStep[]
  /** Caveats a user must know (capped users, missing indexes). Never silent. */
  notes: string[]
}

export interface CustomerSummary {
  _id: DocumentId
  name: string
  email: string
  lastActiveAt?: Date
}

export interface CustomerSearchResult {
  customers: CustomerSummary[]
  /** How many users match in all; `customers` holds at most `limit` of them. */
  total: number
  plan: QueryPlan
}

export interface CustomerTotals {
  sessions: number
  pageViews: number
  purchases: number
  /** Sum of `metadata.amount` over purchases, per currency. */
  amountSpent: { currency: string; amount: number }[]
  /** Sum of `metadata.duration` (seconds) over page views. */
  secondsOnPages: number
  firstSeen: Date | null
  lastSeen: Date | null
}

export interface SessionWithEvents extends SessionDocument {
  events: EventDocument[]
}

/**
 * A page→page transition graph. Node ids are page URLs; `(entry)` and `(exit)` bound sessions.
 * At most 500 nodes and 1,000 edges: beyond that the least viewed pages fold into one `(other)`
 * node (exact counts; docs/query-semantics.md).
 */
export interface JourneyGraph {
  nodes: { id: string; page: string; views: number; meanSecondsOnPage: number | null }[]
  edges: { source: string; target: string; count: number }[]
  /** Pages folded into `(other)` to stay within the budget (0 when none). */
  foldedPages: number
}

export interface CustomerCaseFile {
  user: UserDocument
  totals: CustomerTotals
  /** Newest first, each with its events in (timestamp, _id) order. */
  sessions: SessionWithEvents[]
  sessionsTotal: number
  sessionsPage: { offset: number; limit: number }
  journey: JourneyGraph
  plan: QueryPlan
}

export interface FunnelStepResult {
  label: string
  users: number
  /** users / users at step 1; 1 for step 1; 0 when step 1 has no users. */
  conversionFromStart: number
  /** users / users at the previous step; 1 for step 1; 0 when the previous step has none. */
  conversionFromPrevious: number
  /** Median over users who reached this step; null for step 1 or when nobody reached it. */
  medianSecondsFromPrevious: number | null
  /**
   * Users who reached this step, by seconds from the previous step (the same per-user times as the
   * median), in the fixed buckets of `TIME_TO_CONVERT_BUCKETS`, in that order, every bucket present
   * (zeros included); null for step 1.
   */
  timeToConvert: TimeToConvertCount[] | null
}

/**
 * Fixed, log-spaced buckets of seconds between two funnel steps: `from <= seconds < to`, the last
 * bucket open-ended (`to` null).
 */
export const TIME_TO_CONVERT_BUCKETS = [
  { label: 'under 1 min', from: 0, to: 60 },
  { label: '1–5 min', from: 60, to: 300 },
  { label: '5–30 min', from: 300, to: 1800 },
  { label: '30 min–2 h', from: 1800, to: 7200 },
  { label: '2–12 h', from: 7200, to: 43_200 },
  { label: '12 h–1 d', from: 43_200, to: 86_400 },
  { label: '1–3 d', from: 86_400, to: 259_200 },
  { label: '3–7 d', from: 259_200, to: 604_800 },
  { label: 'more', from: 604_800, to: null }
] as const satisfies readonly { label: string; from: number; to: number | null }[]

export interface TimeToConvertCount {
  label: string
  fromSeconds: number
  /** Exclusive; null for the last, open-ended bucket. */
  toSeconds: number | null
  users: number
}

/** A sum of money in one currency (`(none)` when the events name none). */
export interface MoneyAmount {
  currency: string
  amount: number
}

export interface FunnelResult {
  steps: FunnelStepResult[]
  breakdown?: { key: string; steps: FunnelStepResult[] }[]
  plan: QueryPlan
}

/**
 * Who a listed user is, for a support agent: the `name` and `email` of their user document when
 * they are text; null otherwise (no user document, a field missing or not text, or a mapped source
 * without them).
 */
export interface UserContact {
  name: string | null
  email: string | null
}

/** A user of a funnel-users page, with their name and email. */
export interface FunnelUser extends UserContact {
  userId: DocumentId
}

export interface FunnelUsersResult {
  /** The page of users, by id in BSON order, with their names and emails. */
  users: FunnelUser[]
  /** The same ids as `users`, in the same order (kept for scripts that read only the ids). */
  userIds: DocumentId[]
  total: number
  plan: QueryPlan
}

export interface FlowNode {
  /** `${step}:${page}`; step 0 is the chosen page. */
  id: string
  step: number
  /** A page URL, or `(exit)`, `(entry)`, `(other)`. */
  page: string
  sessions: number
  users: number
}

export interface FlowEdge {
  source: string
  target: string
  sessions: number
  users: number
}

export interface FlowResult {
  nodes: FlowNode[]
  edges: FlowEdge[]
  /** Sessions that viewed the chosen page in scope. */
  sessions: number
  /**
   * Pages kept by name per step: `topN`, or fewer when the graph would otherwise pass 500 nodes or
   * 1,000 edges (the rest are in `(other)`, with exact counts; the plan's notes say so).
   */
  keptPerStep: number
  plan: QueryPlan
}

export interface OverviewDay {
  /** `YYYY-MM-DD` in the query's time zone. */
  day: string
  users: number
  sessions: number
  pageViews: number
  purchases: number
  /**
   * Purchase amounts per currency (`(none)` when a purchase names none), sorted by currency; a row
   * for every currency of the day's purchases, empty when there were none.
   */
  revenueByCurrency: MoneyAmount[]
}

export interface OverviewResult {
  days: OverviewDay[]
  topPages: { page: string; views: number; users: number }[]
  browsers: { name: string; sessions: number; share: number }[]
  operatingSystems: { name: string; sessions: number; share: number }[]
  totals: {
    users: number
    sessions: number
    pageViews: number
    purchases: number
    /** Purchase amounts per currency over the whole range, as on `OverviewDay`. */
    revenueByCurrency: MoneyAmount[]
  }
  plan: QueryPlan
}

/** The users behind one node or edge of a flows result, sorted by user id (BSON order), paged. */
export interface FlowUsersResult {
  /** Each user with their name and email (see `UserContact`) and their sessions there. */
  users: (UserContact & { userId: DocumentId; sessionIds: DocumentId[] })[]
  /** Distinct users through the node or edge (equals its `users` count in the flows result). */
  total: number
  /** Sessions through the node or edge (equals its `sessions` count). */
  sessions: number
  page: { offset: number; limit: number }
  plan: QueryPlan
}

/** What the pickers offer: event types, pages, browsers and operating systems, with counts. */
export interface CatalogueResult {
  /** Every event type, by events desc then name. */
  eventTypes: { name: string; events: number }[]
  /** Pages (page views' `pageUrl`) matching the prefix, by views desc then page, at most 1,000. */
  pages: { page: string; views: number }[]
  /** Distinct pages matching the prefix (more than `pages.length` when the list was cut). */
  pagesTotal: number
  /** `deviceInfo.browser` / `.os` values of sessions, by sessions desc then name. */
  browsers: { name: string; sessions: number }[]
  operatingSystems: { name: string; sessions: number }[]
  /** When the answer was computed (an older time when it came from the cache). */
  computedAt: Date
  fromCache: boolean
  plan: QueryPlan
}

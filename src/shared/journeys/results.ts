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

/** A page→page transition graph. Node ids are page URLs; `(entry)` and `(exit)` bound sessions. */
export interface JourneyGraph {
  nodes: { id: string; page: string; views: number; meanSecondsOnPage: number | null }[]
  edges: { source: string; target: string; count: number }[]
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
}

export interface FunnelResult {
  steps: FunnelStepResult[]
  breakdown?: { key: string; steps: FunnelStepResult[] }[]
  plan: QueryPlan
}

export interface FunnelUsersResult {
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
  plan: QueryPlan
}

export interface OverviewDay {
  /** `YYYY-MM-DD` in the query's time zone. */
  day: string
  users: number
  sessions: number
  pageViews: number
  purchases: number
  revenue: number
}

export interface OverviewResult {
  days: OverviewDay[]
  topPages: { page: string; views: number; users: number }[]
  browsers: { name: string; sessions: number; share: number }[]
  operatingSystems: { name: string; sessions: number; share: number }[]
  totals: { users: number; sessions: number; pageViews: number; purchases: number; revenue: number }
  plan: QueryPlan
}

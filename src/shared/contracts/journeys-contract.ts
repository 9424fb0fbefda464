import { explainQuerySchema, type ExplainResult } from '../journeys/explain'
import { defineService, method } from '../rpc/contract'
import {
  catalogueQuerySchema,
  customerCaseFileSchema,
  customerSearchSchema,
  flowQuerySchema,
  flowUsersQuerySchema,
  funnelQuerySchema,
  funnelUsersQuerySchema,
  overviewQuerySchema
} from '../journeys/query-schemas'
import type {
  CatalogueResult,
  CustomerCaseFile,
  CustomerSearchResult,
  FlowResult,
  FlowUsersResult,
  FunnelResult,
  FunnelUsersResult,
  OverviewResult
} from '../journeys/results'

/** The journey queries; their exact meaning is written in docs/query-semantics.md. */
export const journeysContract = defineService('journeys', {
  searchCustomers: method<CustomerSearchResult>()(
    customerSearchSchema,
    'Customers by exact id, or by a prefix of name or email (case-insensitive).'
  ),
  customerCaseFile: method<CustomerCaseFile>()(
    customerCaseFileSchema,
    'One customer: totals, sessions newest first with their events, and their journey graph.'
  ),
  funnel: method<FunnelResult>()(
    funnelQuerySchema,
    'Users per funnel step, conversion and medians.'
  ),
  funnelUsers: method<FunnelUsersResult>()(
    funnelUsersQuerySchema,
    'The users who reached, or dropped off at, one funnel step.'
  ),
  flows: method<FlowResult>()(flowQuerySchema, 'Page flows from or to a page, by step.'),
  flowUsers: method<FlowUsersResult>()(
    flowUsersQuerySchema,
    'The users (with their sessions) behind one node or edge of a flows result.'
  ),
  catalogue: method<CatalogueResult>()(
    catalogueQuerySchema,
    'Event types, pages, browsers and operating systems with counts, for the pickers.'
  ),
  overview: method<OverviewResult>()(
    overviewQuerySchema,
    'Daily users, sessions, page views, purchases and revenue; top pages; browsers and OS.'
  ),
  explain: method<ExplainResult>()(
    explainQuerySchema,
    "How the server would run a result's plan steps (explain, queryPlanner: nothing is executed)."
  )
})

export type JourneysContract = typeof journeysContract

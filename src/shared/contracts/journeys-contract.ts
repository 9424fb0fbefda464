import { defineService, method } from '../rpc/contract'
import {
  customerCaseFileSchema,
  customerSearchSchema,
  flowQuerySchema,
  funnelQuerySchema,
  funnelUsersQuerySchema,
  overviewQuerySchema
} from '../journeys/query-schemas'
import type {
  CustomerCaseFile,
  CustomerSearchResult,
  FlowResult,
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
  overview: method<OverviewResult>()(
    overviewQuerySchema,
    'Daily users, sessions, page views, purchases and revenue; top pages; browsers and OS.'
  )
})

export type JourneysContract = typeof journeysContract

import type { CallContext } from '../../shared/rpc/contract'
import type {
  CatalogueQuery,
  CustomerCaseFileQuery,
  CustomerSearchQuery,
  FlowQuery,
  FlowUsersQuery,
  FunnelQuery,
  FunnelUsersQuery,
  OverviewQuery
} from '../../shared/journeys/query-schemas'
import type {
  CatalogueResult,
  CustomerCaseFile,
  CustomerSearchResult,
  FlowResult,
  FlowUsersResult,
  FunnelResult,
  FunnelUsersResult,
  OverviewResult,
  Strategy
} from '../../shared/journeys/results'
import type { EngineQuery } from './rules/engine-query'
import type { JourneyRowSources } from './row-sources'

/**
 * Answers the journey queries over one data set. Three implementations give identical answers
 * (docs/query-semantics.md): aggregation pipelines inside MongoDB, reducers over streamed cursors for
 * servers that lack the stages, and the local engine over NDJSON files.
 */
export interface JourneyEngine {
  readonly strategy: Strategy
  /** Every row of a result, streamed (for exports), with the same semantics as the queries. */
  readonly rowSources: JourneyRowSources
  searchCustomers(
    query: EngineQuery<CustomerSearchQuery>,
    context: CallContext
  ): Promise<CustomerSearchResult>
  customerCaseFile(
    query: EngineQuery<CustomerCaseFileQuery>,
    context: CallContext
  ): Promise<CustomerCaseFile>
  funnel(query: EngineQuery<FunnelQuery>, context: CallContext): Promise<FunnelResult>
  funnelUsers(
    query: EngineQuery<FunnelUsersQuery>,
    context: CallContext
  ): Promise<FunnelUsersResult>
  flows(query: EngineQuery<FlowQuery>, context: CallContext): Promise<FlowResult>
  flowUsers(query: EngineQuery<FlowUsersQuery>, context: CallContext): Promise<FlowUsersResult>
  catalogue(query: EngineQuery<CatalogueQuery>, context: CallContext): Promise<CatalogueResult>
  overview(query: EngineQuery<OverviewQuery>, context: CallContext): Promise<OverviewResult>
  close(): Promise<void>
}

/**
 * Pure builders of MongoDB 5.0+ aggregation pipelines for the journey queries, and the pure
 * post-processors that turn their rows into results. Nothing here executes a query.
 */
export * from './pipeline-spec'
export {
  buildScopeMatch,
  lookupSessionDevice,
  type ScopeLike,
  type ScopeMatchOptions
} from './scope-match'
export {
  buildCustomerSearchPipeline,
  customerSearchFromRows,
  type CustomerSearchPipelines
} from './customer-search'
export {
  buildCaseFilePipelines,
  buildCaseFileUserLookup,
  caseFileFromRows,
  pickCaseFileUser,
  type CaseFilePipelines,
  type CaseFileRows,
  type CaseFileTotalsRow,
  type JourneyRow
} from './case-file'
export { buildFunnelPipeline, buildFunnelUsersPipelines, type FunnelUsersPipelines } from './funnel'
export { buildFunnelUserRowsPipeline, type FunnelUserPipelineRow } from './funnel-user-rows'
export {
  funnelResultFromRows,
  funnelUsersFromRows,
  weightedMedianSeconds,
  type FunnelRow,
  type UserContactRow
} from './funnel-rows'
export {
  buildFlowGraphPipeline,
  buildFlowRankingPipeline,
  buildFlowUsersPipelines,
  type FlowUsersPipelines
} from './flows'
export {
  flowGraphKeysOfRows,
  flowRankingFromRows,
  flowResultFromRows,
  flowUsersFromRows,
  keptPagesWithin,
  type FlowGraphRow,
  type FlowRanking,
  type FlowRankingRow
} from './flow-rows'
export {
  buildOverviewPipelines,
  overviewFromRows,
  type OverviewDayRow,
  type OverviewPipelines,
  type OverviewRows
} from './overview'
export {
  buildCataloguePipelines,
  catalogueFromRows,
  type CataloguePipelines,
  type CatalogueRows
} from './catalogue'
export {
  FEATURE_PROBES,
  pipelineFeatureProbe,
  probeOnCollection,
  probePasses,
  type FeatureProbe
} from './feature-probe'

import type { DocumentId, UserDocument } from '../../../src/shared/journeys/documents'
import type {
  CustomerCaseFileQuery,
  CustomerSearchQuery,
  FlowQuery,
  FlowUsersQuery,
  FunnelQuery,
  FunnelUsersQuery,
  OverviewQuery
} from '../../../src/shared/journeys/query-schemas'
import type { SessionWithEvents } from '../../../src/shared/journeys/results'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import {
  buildCaseFilePipelines,
  buildCaseFileUserLookup,
  buildCustomerSearchPipeline,
  buildFlowGraphPipeline,
  buildFlowRankingPipeline,
  buildFlowUsersPipelines,
  buildFunnelPipeline,
  buildFunnelUsersPipelines,
  buildOverviewPipelines,
  caseFileFromRows,
  customerSearchFromRows,
  flowGraphKeysOfRows,
  flowRankingFromRows,
  flowResultFromRows,
  flowUsersFromRows,
  keptPagesWithin,
  funnelResultFromRows,
  funnelUsersFromRows,
  overviewFromRows,
  pickCaseFileUser,
  type ArrayCapOptions,
  type CaseFileTotalsRow,
  type FlowGraphRow,
  type FlowRankingRow,
  type FunnelRow,
  type JourneyRow,
  type OverviewRows,
  type UserContactRow
} from '../../../src/main/engine/pipelines'
import { flowKeptPerStep, flowMayPassBudget } from '../../../src/main/engine/rules/flow-budget'
import { resolveFlowSelection } from '../../../src/main/engine/reducers/flow-selection'
import { runAggregate, runCount, runFind, type Collections } from './mingo-runner'

/**
 * Each journey query answered the way the pipeline engine answers it: the builders' pipelines run
 * in mingo, then the builders' post-processors. Results have no `plan`, like the reducers' parts.
 */

export function pipelineFunnel(
  data: Collections,
  query: EngineQuery<FunnelQuery>,
  caps: ArrayCapOptions = {}
) {
  return funnelResultFromRows(
    query,
    runAggregate<FunnelRow>(data, buildFunnelPipeline(query, caps))
  )
}

export function pipelineFunnelUsers(data: Collections, query: EngineQuery<FunnelUsersQuery>) {
  const specs = buildFunnelUsersPipelines(query)
  return funnelUsersFromRows(
    runAggregate<UserContactRow>(data, specs.page),
    runAggregate<{ total: number; capped: number }>(data, specs.count)
  )
}

export function pipelineFlows(data: Collections, query: EngineQuery<FlowQuery>) {
  const ranking = flowRankingFromRows(
    query,
    runAggregate<FlowRankingRow>(data, buildFlowRankingPipeline(query))
  )
  let graph = runAggregate<FlowGraphRow>(data, buildFlowGraphPipeline(query, ranking))
  const kept = flowKeptPerStep(query, ranking.keptPages, flowGraphKeysOfRows(graph))
  if (kept < query.topN) {
    const folded = { keptPages: keptPagesWithin(ranking, kept) }
    graph = runAggregate<FlowGraphRow>(data, buildFlowGraphPipeline(query, folded))
  }
  return { result: flowResultFromRows(query, graph, kept), ranking }
}

/** Flow users as the pipeline engine finds them (the graph is counted only when it may be folded). */
export function pipelineFlowUsers(data: Collections, query: EngineQuery<FlowUsersQuery>) {
  const positions = resolveFlowSelection(query, query.selection)
  const ranking = flowRankingFromRows(
    query,
    runAggregate<FlowRankingRow>(data, buildFlowRankingPipeline(query))
  )
  let kept = query.topN
  if (flowMayPassBudget(ranking.keptPages)) {
    const graph = runAggregate<FlowGraphRow>(data, buildFlowGraphPipeline(query, ranking))
    kept = flowKeptPerStep(query, ranking.keptPages, flowGraphKeysOfRows(graph))
  }
  const specs = buildFlowUsersPipelines(query, keptPagesWithin(ranking, kept), positions)
  return flowUsersFromRows(
    query,
    runAggregate<UserContactRow & { s: DocumentId[] }>(data, specs.page),
    runAggregate<{ users: number; sessions: number }>(data, specs.count)
  )
}

export function pipelineOverview(data: Collections, query: EngineQuery<OverviewQuery>) {
  const specs = buildOverviewPipelines(query)
  const rows = {
    days: runAggregate(data, specs.days),
    revenue: runAggregate(data, specs.revenue),
    topPages: runAggregate(data, specs.topPages),
    devices: runAggregate(data, specs.devices)
  } as unknown as OverviewRows
  return overviewFromRows(query, rows)
}

export function pipelineCustomerSearch(data: Collections, query: EngineQuery<CustomerSearchQuery>) {
  const specs = buildCustomerSearchPipeline(query)
  return customerSearchFromRows(
    runAggregate<UserDocument>(data, specs.customers),
    runCount(data, specs.count)
  )
}

/** The case file, or null when no user has the id (the engine turns that into NOT_FOUND). */
export function pipelineCaseFile(data: Collections, query: EngineQuery<CustomerCaseFileQuery>) {
  const user = pickCaseFileUser(
    runFind<UserDocument>(data, buildCaseFileUserLookup(query)),
    query.userId
  )
  if (!user) return null
  const specs = buildCaseFilePipelines(query, user._id)
  return caseFileFromRows({
    user,
    totals: runAggregate<CaseFileTotalsRow>(data, specs.totals),
    sessionsTotal: runCount(data, specs.sessionCount),
    sessions: runAggregate<SessionWithEvents>(data, specs.sessions),
    journey: runAggregate<JourneyRow>(data, specs.journey),
    page: query.sessions
  })
}

/** A result without its plan. */
export function withoutPlan<T extends { plan: unknown }>(result: T): Omit<T, 'plan'> {
  const { plan: _plan, ...rest } = result
  return rest
}

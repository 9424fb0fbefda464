import type { Db, Document } from 'mongodb'
import { AppError } from '../../../shared/errors'
import type { DocumentId, UserDocument } from '../../../shared/journeys/documents'
import type {
  CatalogueQuery,
  CustomerCaseFileQuery,
  CustomerSearchQuery,
  FlowQuery,
  FlowUsersQuery,
  FunnelQuery,
  FunnelUsersQuery,
  OverviewQuery
} from '../../../shared/journeys/query-schemas'
import type {
  CatalogueResult,
  CustomerCaseFile,
  CustomerSearchResult,
  FlowResult,
  FlowUsersResult,
  FunnelResult,
  FunnelUsersResult,
  OverviewResult,
  QueryPlan,
  QueryPlanStep,
  SessionWithEvents
} from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import { isSeedMapping, type FieldMapping } from '../../../shared/mapping/field-mapping'
import type { JourneyEngine } from '../journey-engine'
import type { EngineQuery } from '../rules/engine-query'
import { buildCataloguePipelines, catalogueFromRows } from '../pipelines/catalogue'
import {
  buildCaseFilePipelines,
  buildCaseFileUserLookup,
  caseFileFromRows,
  pickCaseFileUser,
  type CaseFileTotalsRow,
  type JourneyRow
} from '../pipelines/case-file'
import { buildCustomerSearchPipeline, customerSearchFromRows } from '../pipelines/customer-search'
import {
  flowGraphKeysOfRows,
  flowRankingFromRows,
  flowResultFromRows,
  flowUsersFromRows,
  keptPagesWithin,
  type FlowGraphRow,
  type FlowRanking,
  type FlowRankingRow
} from '../pipelines/flow-rows'
import {
  buildFlowGraphPipeline,
  buildFlowRankingPipeline,
  buildFlowUsersPipelines
} from '../pipelines/flows'
import { buildFunnelPipeline, buildFunnelUsersPipelines } from '../pipelines/funnel'
import {
  funnelResultFromRows,
  funnelUsersFromRows,
  type FunnelRow,
  type UserContactRow
} from '../pipelines/funnel-rows'
import { buildOverviewPipelines, overviewFromRows, type OverviewRows } from '../pipelines/overview'
import {
  mappedSessionDeviceOptions,
  pipelinesReadMapping,
  readThroughMapping
} from '../pipelines/mapping/mapped-pipeline-spec'
import {
  DEFAULT_MAX_EVENTS_PER_ARRAY,
  type AggregateSpec,
  type ArrayCapOptions
} from '../pipelines/pipeline-spec'
import { flowBudgetNote, flowKeptPerStep, flowMayPassBudget } from '../rules/flow-budget'
import { resolveFlowSelection } from '../reducers/flow-selection'
import { journeyBudgetNote } from '../rules/journey-graph-budget'
import { DayKeys } from '../reducers/day-key'
import type { IndexAdvisor } from './index-advisor'
import { toAppError } from '../../errors/to-app-error'
import { openSpecCursor } from './cursor-rows'
import { pipelineFunnelUserRows } from './funnel-user-rows'
import { openMappedCaseFile, searchMappedCustomers } from './mapped/mapped-customer-lookups'
import { MappedEventReads } from './mapped/mapped-event-reads'
import { MappedRowSources } from './mapped/mapped-row-sources'
import { MongoRowSources } from './mongo-row-sources'
import type { QueryLimits } from './query-limits'
import {
  cancelled,
  drainCursor,
  driverOptions,
  errorContextOf,
  type CursorOptions
} from './run-find'

export interface PipelineEngineOptions {
  /** `maxTimeMS` per aggregation and the batch size of result cursors. */
  cursor?: Partial<CursorOptions>
  /** The connection's limits: lookups (search, case files) and analyses (the rest). */
  limits?: QueryLimits
  /** Per-user and per-session array cap of the funnel and flow pipelines. */
  maxEventsPerArray?: number
  indexAdvisor?: IndexAdvisor
  /**
   * Read the data through this field mapping (one `pipelinesReadMapping` accepts): every events
   * aggregation starts with the mapping's normalising prefix, sessions are looked up in the mapped
   * sessions collection when there is one, and case files and search are equality finds on the
   * mapped ids. Absent or the seed schema's: the pipelines are the seed schema's exactly.
   */
  mapping?: FieldMapping
}

/** What every plan of a source read through a mapping by pipelines says about it. */
export const MAPPED_PIPELINE_NOTE =
  'Read through the field mapping: each aggregation starts with stages that put the events in the seed’s shape (times, pages, event names, sessions and their devices) before the query’s own stages; only a match on the raw time and event names can go first (when the query reads no session derived from, or device taken from, other events), else every event of the mapped collection is read; case files and search find the customer by the mapped ids.'

/** Pipelines are answered in one go, so their time limit is shorter than a streamed cursor's. */
const DEFAULT_PIPELINE_CURSOR: CursorOptions = { batchSize: 5000, maxTimeMS: 300_000 }

/**
 * The `pipeline` strategy, for MongoDB 5.0+ and Atlas: every query runs as the aggregation the pure
 * builders (../pipelines) return, with `allowDiskUse`, a time limit and the call's AbortSignal;
 * the builders' row readers turn the rows into results, and `plan.steps` are the exact pipelines.
 */
export class PipelineEngine implements JourneyEngine {
  readonly strategy = 'pipeline' as const
  readonly rowSources: MongoRowSources | MappedRowSources
  private readonly lookup: CursorOptions
  private readonly analysis: CursorOptions
  private readonly caps: ArrayCapOptions
  /** Set when the data is read through a field mapping other than the seed schema. */
  private readonly mapping: FieldMapping | null

  constructor(
    private readonly db: Db,
    private readonly options: PipelineEngineOptions = {}
  ) {
    this.lookup = { ...DEFAULT_PIPELINE_CURSOR, ...options.limits?.lookup, ...options.cursor }
    this.analysis = { ...DEFAULT_PIPELINE_CURSOR, ...options.limits?.analysis, ...options.cursor }
    const mapping = options.mapping
    this.mapping = mapping && !isSeedMapping(mapping) ? mapping : null
    if (this.mapping && !pipelinesReadMapping(this.mapping)) {
      throw new Error(
        'The pipeline strategy reads a mapped sessions collection only when the events name their session id.'
      )
    }
    this.caps = {
      ...(options.maxEventsPerArray === undefined
        ? {}
        : { maxEventsPerArray: options.maxEventsPerArray }),
      ...(this.mapping ? mappedSessionDeviceOptions(this.mapping) : {})
    }
    // Exports of a mapped source are the mapped copy's rows, read as the reducer strategy reads them.
    this.rowSources = this.mapping
      ? new MappedRowSources(
          db,
          new MappedEventReads(db, this.mapping, this.analysis),
          this.analysis
        )
      : new MongoRowSources(db, this.analysis, (query, context) =>
          pipelineFunnelUserRows(db, this.analysis, this.caps, query, context)
        )
  }

  /** A builder's aggregation as it runs on this source (through the mapping, when there is one). */
  private source(spec: AggregateSpec): AggregateSpec {
    return this.mapping ? readThroughMapping(spec, this.mapping) : spec
  }

  async searchCustomers(
    query: EngineQuery<CustomerSearchQuery>,
    context: CallContext
  ): Promise<CustomerSearchResult> {
    if (this.mapping) {
      const { result, steps } = await searchMappedCustomers(
        this.db,
        this.mapping,
        query,
        this.lookup,
        context
      )
      return { ...result, plan: await this.plan(steps, []) }
    }
    const specs = buildCustomerSearchPipeline(query)
    const [rows, total] = await Promise.all([
      this.rows<UserDocument>(specs.customers, context, this.lookup),
      this.count(specs.count, context, this.lookup)
    ])
    return {
      ...customerSearchFromRows(rows, total),
      plan: await this.plan([specs.customers, specs.count], ['users'])
    }
  }

  async customerCaseFile(
    query: EngineQuery<CustomerCaseFileQuery>,
    context: CallContext
  ): Promise<CustomerCaseFile> {
    if (this.mapping) {
      const { result, steps } = await openMappedCaseFile(
        this.db,
        this.mapping,
        query,
        this.lookup,
        context
      )
      return { ...result, plan: await this.plan(steps, [], journeyBudgetNote(result.journey)) }
    }
    const lookup = buildCaseFileUserLookup(query)
    const user = pickCaseFileUser(
      await this.rows<UserDocument>(lookup, context, this.lookup),
      query.userId
    )
    if (!user) throw new AppError('NOT_FOUND', `No customer has the id "${query.userId}".`)
    const specs = buildCaseFilePipelines(query, user._id)
    const [totals, sessionsTotal, sessions, journey] = await Promise.all([
      this.rows<CaseFileTotalsRow>(specs.totals, context, this.lookup),
      this.count(specs.sessionCount, context, this.lookup),
      this.rows<SessionWithEvents>(specs.sessions, context, this.lookup),
      this.rows<JourneyRow>(specs.journey, context, this.lookup)
    ])
    const result = caseFileFromRows({
      user,
      totals,
      sessionsTotal,
      sessions,
      journey,
      page: query.sessions
    })
    const steps = [lookup, specs.totals, specs.sessionCount, specs.sessions, specs.journey]
    return {
      ...result,
      plan: await this.plan(
        steps,
        ['users', 'sessions', 'events'],
        journeyBudgetNote(result.journey)
      )
    }
  }

  async funnel(query: EngineQuery<FunnelQuery>, context: CallContext): Promise<FunnelResult> {
    const spec = this.source(buildFunnelPipeline(query, this.caps))
    const { result, cappedUsers } = funnelResultFromRows(
      query,
      await this.rows<FunnelRow>(spec, context)
    )
    return {
      ...result,
      plan: await this.plan([spec], ['events'], this.cappedNote(cappedUsers, 'user'))
    }
  }

  async funnelUsers(
    query: EngineQuery<FunnelUsersQuery>,
    context: CallContext
  ): Promise<FunnelUsersResult> {
    const built = buildFunnelUsersPipelines(query, this.caps)
    const specs = { page: this.source(built.page), count: this.source(built.count) }
    const [pageRows, countRows] = await Promise.all([
      this.rows<UserContactRow>(specs.page, context),
      this.rows<{ total: number; capped: number }>(specs.count, context)
    ])
    const { result, cappedUsers } = funnelUsersFromRows(pageRows, countRows)
    return {
      ...result,
      plan: await this.plan(
        [specs.page, specs.count],
        ['events'],
        this.cappedNote(cappedUsers, 'user')
      )
    }
  }

  async flows(query: EngineQuery<FlowQuery>, context: CallContext): Promise<FlowResult> {
    // Two rounds: the top pages per step first, so the graph can fold the rest into `(other)`.
    const rankingSpec = this.source(buildFlowRankingPipeline(query, this.caps))
    const ranking = flowRankingFromRows(
      query,
      await this.rows<FlowRankingRow>(rankingSpec, context)
    )
    const { rows, specs, kept } = await this.flowGraph(query, ranking, context)
    const result = flowResultFromRows(query, rows, kept)
    return {
      ...result,
      plan: await this.plan(
        [rankingSpec, ...specs],
        ['events'],
        [...this.cappedNote(ranking.cappedSessions, 'session'), ...flowBudgetNote(query, kept)]
      )
    }
  }

  async overview(query: EngineQuery<OverviewQuery>, context: CallContext): Promise<OverviewResult> {
    // An unknown zone would fail inside `$dateToString` with a server message; say it plainly.
    new DayKeys(query.timeZone)
    const built = buildOverviewPipelines(query, this.caps)
    const specs = {
      days: this.source(built.days),
      revenue: this.source(built.revenue),
      topPages: this.source(built.topPages),
      devices: this.source(built.devices)
    }
    const [days, revenue, topPages, devices] = await Promise.all([
      this.rows<Document>(specs.days, context),
      this.rows<Document>(specs.revenue, context),
      this.rows<Document>(specs.topPages, context),
      this.rows<Document>(specs.devices, context)
    ])
    const result = overviewFromRows(query, {
      days,
      revenue,
      topPages,
      devices
    } as unknown as OverviewRows)
    return {
      ...result,
      plan: await this.plan(
        [specs.days, specs.revenue, specs.topPages, specs.devices],
        ['events', 'sessions']
      )
    }
  }

  /**
   * The graph rows with the top N pages of each step, N lowered when the graph would pass the
   * budget (flow-budget.ts): then a second graph aggregation with fewer pages kept.
   */
  private async flowGraph(
    query: EngineQuery<FlowQuery>,
    ranking: FlowRanking,
    context: CallContext
  ): Promise<{ rows: FlowGraphRow[]; specs: AggregateSpec[]; kept: number }> {
    const spec = this.source(buildFlowGraphPipeline(query, ranking, this.caps))
    const rows = await this.rows<FlowGraphRow>(spec, context)
    const kept = flowKeptPerStep(query, ranking.keptPages, flowGraphKeysOfRows(rows))
    if (kept === query.topN) return { rows, specs: [spec], kept }
    const folded = this.source(
      buildFlowGraphPipeline(query, { keptPages: keptPagesWithin(ranking, kept) }, this.caps)
    )
    return { rows: await this.rows<FlowGraphRow>(folded, context), specs: [spec, folded], kept }
  }

  async flowUsers(
    query: EngineQuery<FlowUsersQuery>,
    context: CallContext
  ): Promise<FlowUsersResult> {
    const positions = resolveFlowSelection(query, query.selection)
    const rankingSpec = this.source(buildFlowRankingPipeline(query, this.caps))
    const ranking = flowRankingFromRows(
      query,
      await this.rows<FlowRankingRow>(rankingSpec, context)
    )
    const steps: QueryPlanStep[] = [rankingSpec]
    // The node or edge is one of the flows graph: the same pages kept, the budget included.
    let kept = query.topN
    if (flowMayPassBudget(ranking.keptPages)) {
      const graphSpec = this.source(buildFlowGraphPipeline(query, ranking, this.caps))
      const graph = await this.rows<FlowGraphRow>(graphSpec, context)
      kept = flowKeptPerStep(query, ranking.keptPages, flowGraphKeysOfRows(graph))
      steps.push(graphSpec)
    }
    const built = buildFlowUsersPipelines(
      query,
      keptPagesWithin(ranking, kept),
      positions,
      this.caps
    )
    const specs = { page: this.source(built.page), count: this.source(built.count) }
    const [pageRows, countRows] = await Promise.all([
      this.rows<UserContactRow & { s: DocumentId[] }>(specs.page, context),
      this.rows<{ users: number; sessions: number }>(specs.count, context)
    ])
    return {
      ...flowUsersFromRows(query, pageRows, countRows),
      plan: await this.plan(
        [...steps, specs.page, specs.count],
        ['events'],
        [...this.cappedNote(ranking.cappedSessions, 'session'), ...flowBudgetNote(query, kept)]
      )
    }
  }

  async catalogue(
    query: EngineQuery<CatalogueQuery>,
    context: CallContext
  ): Promise<CatalogueResult> {
    const built = buildCataloguePipelines(query, this.caps)
    const specs = {
      eventTypes: this.source(built.eventTypes),
      pages: this.source(built.pages),
      pageCount: this.source(built.pageCount),
      devices: this.source(built.devices)
    }
    const [eventTypes, pages, pageCount, devices] = await Promise.all([
      this.rows<{ _id: unknown; events: number }>(specs.eventTypes, context),
      this.rows<{ _id: unknown; views: number }>(specs.pages, context),
      this.rows<{ pages: number }>(specs.pageCount, context),
      this.rows<{ _id: { b?: unknown; o?: unknown }; sessions: number }>(specs.devices, context)
    ])
    const steps = [specs.eventTypes, specs.pages, specs.pageCount, specs.devices]
    return {
      ...catalogueFromRows({ eventTypes, pages, pageCount, devices }),
      computedAt: new Date(),
      fromCache: false,
      plan: await this.plan(
        steps,
        ['events', 'sessions'],
        [
          this.mapping
            ? `Event types, pages and devices are read from every ${this.mapping.sessions ? 'event and mapped session' : 'event'} through the mapping. The answer is cached per source until refreshed.`
            : 'Event types are counted from the { eventType: 1, timestamp: 1 } index, page views through it; sessions are read once. The answer is cached per source until refreshed.'
        ]
      )
    }
  }

  async close(): Promise<void> {
    // The client belongs to the engine resolver.
  }

  /** Runs one aggregate or find spec to the end. */
  private async rows<T extends Document>(
    spec: QueryPlanStep,
    context: CallContext,
    cursorOptions: CursorOptions = this.analysis
  ): Promise<T[]> {
    // The driver gets its own signal: drainCursor decides how a cancel reaches the server.
    const open = (signal: AbortSignal) =>
      openSpecCursor<T>(this.db, spec, cursorOptions, { signal })
    const rows: T[] = []
    await drainCursor(
      open,
      context,
      `Running ${spec.collection} ${spec.operation}`,
      (row) => rows.push(row),
      cursorOptions
    )
    return rows
  }

  private async count(
    spec: QueryPlanStep,
    context: CallContext,
    cursorOptions: CursorOptions = this.analysis
  ): Promise<number> {
    if (context.signal.aborted) throw cancelled()
    try {
      const { batchSize: _batchSize, ...options } = driverOptions(cursorOptions)
      return await this.db
        .collection(spec.collection)
        .countDocuments(spec.filter ?? {}, { ...options, signal: context.signal })
    } catch (error) {
      throw toAppError(error, { signal: context.signal, ...errorContextOf(cursorOptions) })
    }
  }

  private cappedNote(count: number, noun: 'user' | 'session'): string[] {
    if (count === 0) return []
    const cap = this.options.maxEventsPerArray ?? DEFAULT_MAX_EVENTS_PER_ARRAY
    return [
      `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'} had more than ${cap.toLocaleString('en-US')} events in scope; only the first ${cap.toLocaleString('en-US')} of each were evaluated (the reducer strategy has no such cap).`
    ]
  }

  private async plan(
    steps: QueryPlanStep[],
    collections: string[],
    notes: string[] = []
  ): Promise<QueryPlan> {
    // A mapped source: only the indexes its steps name (mapped-indexes.ts, in its own fields).
    const indexNotes = this.options.indexAdvisor
      ? await this.options.indexAdvisor.notesFor(steps, this.mapping ? [] : collections)
      : []
    const mappedNotes = this.mapping ? [MAPPED_PIPELINE_NOTE] : []
    return {
      strategy: this.strategy,
      steps: steps.map(planStep),
      notes: [...mappedNotes, ...notes, ...indexNotes]
    }
  }
}

/** A spec as the plan shows it: the builders' specs are plan steps already, minus engine flags. */
function planStep(spec: QueryPlanStep): QueryPlanStep {
  const { allowDiskUse: _allowDiskUse, ...step } = spec as QueryPlanStep & {
    allowDiskUse?: boolean
  }
  return step
}

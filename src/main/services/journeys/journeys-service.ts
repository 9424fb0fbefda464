import type { Db } from 'mongodb'
import type { ServerCapabilities } from '../../../shared/contracts/connections-contract'
import type { JourneysContract } from '../../../shared/contracts/journeys-contract'
import { AppError } from '../../../shared/errors'
import type { DataSource } from '../../../shared/journeys/data-source'
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
  QueryPlan
} from '../../../shared/journeys/results'
import type { CallContext, ServiceImplementation } from '../../../shared/rpc/contract'
import type { ExplainedStep, ExplainQuery, ExplainResult } from '../../../shared/journeys/explain'
import type { JourneyEngine } from '../../engine/journey-engine'
import { searchFolderBeforeOpening } from '../../engine/local/users-file-search'
import { explainPlanStep } from '../../engine/mongo/explain-plan-step'
import type { EngineQuery } from '../../engine/rules/engine-query'
import { isDriverError } from '../../errors/map-driver-error'
import { toAppError } from '../../errors/to-app-error'
import { IssuedPlans } from './issued-plans'
import { CatalogueCache, catalogueSourceKey } from './catalogue-cache'
import { explainEmptyAnswer, type EmptyAnswerFacts } from './explain-empty-answer'
import { EngineResolver, type EngineResolverOptions, type ResolvedEngine } from './resolve-engine'

export type JourneysServiceOptions = EngineResolverOptions

/**
 * The journey queries (docs/query-semantics.md) over any data source: the demo workspace, an NDJSON
 * folder, a saved connection or a URI. Input arrives validated against the contract; the service
 * picks the engine and the engine does the work.
 */
export class JourneysService implements ServiceImplementation<JourneysContract> {
  private readonly engines: EngineResolver
  private readonly issuedPlans = new IssuedPlans()
  private readonly catalogues = new CatalogueCache()

  constructor(private readonly options: JourneysServiceOptions) {
    this.engines = new EngineResolver(options)
  }

  /** Customers by exact id, or by a prefix of name or email (case-insensitive). */
  searchCustomers(input: CustomerSearchQuery, context: CallContext): Promise<CustomerSearchResult> {
    return this.run(input, context, (engine, query) => engine.searchCustomers(query, context), {
      // A search needs the users only: a folder not opened yet is searched in its users file.
      beforeOpening: (folder, query) => searchFolderBeforeOpening(folder, query, context)
    })
  }

  /** One customer: totals, sessions newest first with their events, and their journey graph. */
  customerCaseFile(input: CustomerCaseFileQuery, context: CallContext): Promise<CustomerCaseFile> {
    return this.run(input, context, (engine, query) => engine.customerCaseFile(query, context))
  }

  /** Users per funnel step, conversions and median times between steps. */
  funnel(input: FunnelQuery, context: CallContext): Promise<FunnelResult> {
    return this.run(input, context, (engine, query) => engine.funnel(query, context))
  }

  /** The users who reached, or dropped off at, one funnel step. */
  funnelUsers(input: FunnelUsersQuery, context: CallContext): Promise<FunnelUsersResult> {
    return this.run(input, context, (engine, query) => engine.funnelUsers(query, context))
  }

  /** Page flows from or to a page, by step. */
  flows(input: FlowQuery, context: CallContext): Promise<FlowResult> {
    return this.run(input, context, (engine, query) => engine.flows(query, context))
  }

  /** The users (with their sessions) behind one node or edge of a flows result. */
  flowUsers(input: FlowUsersQuery, context: CallContext): Promise<FlowUsersResult> {
    return this.run(input, context, (engine, query) => engine.flowUsers(query, context))
  }

  /**
   * Event types, pages, browsers and operating systems with counts, for the pickers. Answered from
   * a per-source (and per-mapping) cache unless `refresh` asks to recompute (which forgets the source's other
   * answers too); `computedAt` and `fromCache` say which.
   */
  async catalogue(input: CatalogueQuery, context: CallContext): Promise<CatalogueResult> {
    // A saved mapping changes what the source's events are called: its catalogue is another one.
    const mapping = (await this.options.serverMapping?.(input.source, context)) ?? null
    const sourceKey = catalogueSourceKey(input.source, mapping)
    if (input.refresh) this.catalogues.forget(sourceKey)
    else {
      const cached = this.catalogues.get(sourceKey, input.pagePrefix)
      if (cached) return cached
    }
    const result = await this.run(input, context, (engine, query) =>
      engine.catalogue(query, context)
    )
    this.catalogues.set(sourceKey, input.pagePrefix, result)
    return result
  }

  /** Daily users, sessions, page views, purchases and revenue; top pages; browsers and OS. */
  overview(input: OverviewQuery, context: CallContext): Promise<OverviewResult> {
    return this.run(input, context, (engine, query) => engine.overview(query, context))
  }

  /**
   * How the server behind a source would run a result's plan steps (explain with `queryPlanner`
   * verbosity: nothing is executed). Server sources only: the local engine has no server to ask.
   */
  async explain(input: ExplainQuery, context: CallContext): Promise<ExplainResult> {
    const db = await this.engines.database(input.source, context)
    if (!db) {
      throw new AppError(
        'UNSUPPORTED',
        'Explain asks a server how it runs a query; this source runs in the app’s local engine, so there is no server plan. The query shown is what a MongoDB server would run.'
      )
    }
    const foreign = input.steps.findIndex((step) => !this.issuedPlans.issued(input.source, step))
    if (foreign >= 0) {
      throw new AppError(
        'INVALID_INPUT',
        `Step ${String(foreign + 1)} is not a plan this app built for this source (or it was built before the app restarted), so it is not sent to the server. Run the query again and explain its plan.`
      )
    }
    const steps: ExplainedStep[] = []
    for (const step of input.steps) steps.push(await explainPlanStep(db, step, context.signal))
    return { steps }
  }

  /** What the server behind a source supports, and so which strategy its queries use. */
  capabilities(source: DataSource, context: CallContext): Promise<ServerCapabilities> {
    return this.engines.capabilities(source, context)
  }

  /** The connected database behind a server source (null for folders and the demo). */
  database(source: DataSource, context: CallContext): Promise<Db | null> {
    return this.engines.database(source, context)
  }

  /** Forgets the cached answers about a source (its data changed: an offline copy refreshed). */
  forgetSource(source: DataSource): void {
    this.catalogues.forget(catalogueSourceKey(source))
  }

  /** The engine answering a source (shared with the export service, so clients are shared). */
  engineFor(source: DataSource, context: CallContext): Promise<ResolvedEngine> {
    return this.engines.resolve(source, context)
  }

  /** Closes the MongoDB clients this service opened. */
  close(): Promise<void> {
    return this.engines.close()
  }

  private async run<Q extends { source: DataSource }, R>(
    input: Q,
    context: CallContext,
    call: (engine: JourneyEngine, query: EngineQuery<Q>) => Promise<R>,
    options: {
      /** For a local source: an answer without opening its data set, or null to open it. */
      beforeOpening?: (folder: string, query: EngineQuery<Q>) => Promise<R | null>
    } = {}
  ): Promise<R> {
    const { source, ...query } = input
    const local = options.beforeOpening ? await this.engines.localFolder(source, context) : null
    const early = local ? ((await options.beforeOpening?.(local.folder, query)) ?? null) : null
    const resolved: Partial<ResolvedEngine> & { target: string } =
      local && early !== null
        ? { target: local.target }
        : await this.engines.resolve(source, context)
    const { engine, target } = resolved
    try {
      const result = engine ? await call(engine, query) : (early as R)
      const plan = (result as { plan?: QueryPlan } | null)?.plan
      if (plan) this.issuedPlans.record(source, plan)
      // An explanation that cannot be had (no right to list collections, say) leaves the answer be.
      const reason = await explainEmptyAnswer(
        query,
        result,
        this.factsAbout(source, target, context)
      ).catch(() => null)
      if (reason) throw reason
      return result
    } catch (error) {
      if (context.signal.aborted) throw new AppError('CANCELLED', 'The query was cancelled.')
      // Driver errors get the app's codes (engines map most of them already); anything else is a
      // bug and keeps its stack.
      const appError =
        error instanceof AppError
          ? error
          : isDriverError(error)
            ? toAppError(error, { target })
            : null
      if (!appError) throw error
      // A lost or unreachable server: the next query connects with a new client instead of waiting
      // on this one's view of the dead server (it sometimes failed the first query after a restart).
      if (appError.code === 'CONNECTION_LOST' || appError.code === 'CONNECTION_REFUSED') {
        resolved.reconnectNextTime?.()
      }
      throw appError
    }
  }

  /** What an empty answer's explanation may look up about a source. */
  private factsAbout(source: DataSource, target: string, context: CallContext): EmptyAnswerFacts {
    return {
      where:
        source.kind === 'demo'
          ? 'demo workspace'
          : source.kind === 'folder'
            ? `folder ${source.path}`
            : source.kind === 'workspace'
              ? 'offline copy'
              : `database "${source.database}" on ${target}`,
      collections: async () => {
        const db = await this.engines.database(source, context)
        // A mapped source names its own collections (its mapping was checked when it was read).
        if (db === null || (await this.engines.isMapped(source, context))) return null
        const found = await db.listCollections({}, { nameOnly: true }).toArray()
        return found.map((collection) => collection.name)
      },
      deviceValues: async () => {
        try {
          const catalogue = await this.catalogue({ source, refresh: false }, context)
          return {
            browsers: catalogue.browsers.map((b) => b.name),
            operatingSystems: catalogue.operatingSystems.map((o) => o.name)
          }
        } catch {
          // No catalogue here (not built, or the look-up failed): no device explanation.
          return null
        }
      }
    }
  }
}

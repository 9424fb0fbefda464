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
import type { CallContext } from '../../../shared/rpc/contract'
import { formatCount } from '../../../shared/format/count'
import type { JourneyEngine } from '../journey-engine'
import type { EngineQuery } from '../rules/engine-query'
import { localCaseFile, searchLocalCustomers } from './local-customers'
import type { LocalDataset } from './local-dataset'
import { CacheDamagedError } from './cache/file-columns'
import { loadLocalDataset, reopenDamagedDataset } from './local-dataset-cache'
import { flowBudgetNote } from '../rules/flow-budget'
import { journeyBudgetNote } from '../rules/journey-graph-budget'
import { runLocalCatalogue } from './local-catalogue'
import { runLocalFlows, runLocalFlowUsers } from './local-flows'
import { runLocalFunnel } from './local-funnel'
import { runLocalOverview } from './local-overview'
import { LocalRowSources } from './local-row-sources'
import { describeScope } from './local-scope'
import { WorkTicker } from './work-ticker'

/**
 * The `local` strategy: the journey queries over a data set held in memory (an NDJSON folder),
 * with the same reducers the `reducer` strategy streams MongoDB cursors through.
 */
export class LocalJourneyEngine implements JourneyEngine {
  readonly strategy = 'local' as const

  /**
   * `reopen` opens the data set again from its NDJSON files when a query finds its cache file
   * damaged; the query then runs once more on the new data set.
   */
  constructor(
    private dataset: LocalDataset,
    private readonly reopen?: (reason: string, context: CallContext) => Promise<LocalDataset>
  ) {}

  /** Exports' row streams, over the data set as it is now (after any reopen). */
  get rowSources(): LocalRowSources {
    return new LocalRowSources(this.dataset)
  }

  /** Runs a query; on a damaged cache, reopens the data set and runs it again (once). */
  private async run<T>(context: CallContext, query: () => Promise<T>): Promise<T> {
    try {
      return await query()
    } catch (error) {
      if (!(error instanceof CacheDamagedError) || !this.reopen) throw error
      this.dataset = await this.reopen(
        `${error.path} failed its checksum (section ${error.section})`,
        context
      )
      return query()
    }
  }

  searchCustomers(
    query: EngineQuery<CustomerSearchQuery>,
    context: CallContext
  ): Promise<CustomerSearchResult> {
    return this.run(context, () => this.searchCustomersOnce(query, context))
  }

  private async searchCustomersOnce(
    query: EngineQuery<CustomerSearchQuery>,
    context: CallContext
  ): Promise<CustomerSearchResult> {
    const result = await searchLocalCustomers(this.dataset, query, context)
    return {
      ...result,
      plan: this.plan(
        `Matched ${this.count(this.dataset.userDocumentCount, 'user')} by id, name and email prefix.`
      )
    }
  }

  customerCaseFile(
    query: EngineQuery<CustomerCaseFileQuery>,
    context: CallContext
  ): Promise<CustomerCaseFile> {
    return this.run(context, () => this.customerCaseFileOnce(query, context))
  }

  private customerCaseFileOnce(
    query: EngineQuery<CustomerCaseFileQuery>,
    context: CallContext
  ): Promise<CustomerCaseFile> {
    // One user's slice of the indexes: quick enough to need no yielding. The executor turns a
    // throw (NOT_FOUND, CANCELLED) into a rejection.
    return new Promise((resolve) => {
      new WorkTicker(context, 'Case file', 1).throwIfCancelled()
      const result = localCaseFile(this.dataset, query)
      resolve({
        ...result,
        plan: this.plan(
          `Read the user's ${this.count(result.sessionsTotal, 'session')} and ${this.count(
            result.totals.pageViews,
            'page view'
          )} from the per-user indexes (no scan).`,
          ...journeyBudgetNote(result.journey)
        )
      })
    })
  }

  funnel(query: EngineQuery<FunnelQuery>, context: CallContext): Promise<FunnelResult> {
    return this.run(context, async () => {
      const run = await runLocalFunnel(this.dataset, query, context)
      return { ...run.result, plan: this.plan(this.funnelNote(query, run)) }
    })
  }

  funnelUsers(
    query: EngineQuery<FunnelUsersQuery>,
    context: CallContext
  ): Promise<FunnelUsersResult> {
    return this.run(context, async () => {
      const run = await runLocalFunnel(this.dataset, query, context, query)
      const users = run.users ?? { users: [], userIds: [], total: 0 }
      return { ...users, plan: this.plan(this.funnelNote(query, run)) }
    })
  }

  flows(query: EngineQuery<FlowQuery>, context: CallContext): Promise<FlowResult> {
    return this.run(context, () => this.flowsOnce(query, context))
  }

  private async flowsOnce(
    query: EngineQuery<FlowQuery>,
    context: CallContext
  ): Promise<FlowResult> {
    const run = await runLocalFlows(this.dataset, query, context)
    return {
      ...run.result,
      plan: this.plan(
        this.flowNote(query, run.sessionsScanned),
        ...flowBudgetNote(query, run.result.keptPerStep)
      )
    }
  }

  flowUsers(query: EngineQuery<FlowUsersQuery>, context: CallContext): Promise<FlowUsersResult> {
    return this.run(context, () => this.flowUsersOnce(query, context))
  }

  private async flowUsersOnce(
    query: EngineQuery<FlowUsersQuery>,
    context: CallContext
  ): Promise<FlowUsersResult> {
    const run = await runLocalFlowUsers(this.dataset, query, context)
    return {
      ...run.result,
      plan: this.plan(
        this.flowNote(query, run.sessionsScanned),
        ...flowBudgetNote(query, run.keptPerStep)
      )
    }
  }

  overview(query: EngineQuery<OverviewQuery>, context: CallContext): Promise<OverviewResult> {
    return this.run(context, () => this.overviewOnce(query, context))
  }

  private async overviewOnce(
    query: EngineQuery<OverviewQuery>,
    context: CallContext
  ): Promise<OverviewResult> {
    const run = await runLocalOverview(this.dataset, query, context)
    return {
      ...run.result,
      plan: this.plan(
        `Scanned ${this.count(this.dataset.eventCount, 'event')}; ${this.count(
          run.eventsInScope,
          'event'
        )} in scope (${describeScope(query)}), days in ${query.timeZone}.`
      )
    }
  }

  catalogue(query: EngineQuery<CatalogueQuery>, context: CallContext): Promise<CatalogueResult> {
    return this.run(context, () => this.catalogueOnce(query, context))
  }

  private async catalogueOnce(
    query: EngineQuery<CatalogueQuery>,
    context: CallContext
  ): Promise<CatalogueResult> {
    const run = await runLocalCatalogue(this.dataset, query, context)
    return {
      ...run.lists,
      computedAt: new Date(),
      fromCache: false,
      plan: this.plan(
        `Counted ${this.count(this.dataset.eventCount, 'event')} by type and page and ${this.count(
          run.sessionDocuments,
          'session'
        )} by browser and OS.`
      )
    }
  }

  async close(): Promise<void> {
    // The data set stays in the process cache for the next engine over the same folder.
  }

  private funnelNote(
    query: EngineQuery<FunnelQuery>,
    run: { eventsConsidered: number; usersEntered: number }
  ): string {
    const users = this.count(this.dataset.userCount, 'user')
    const considered = this.count(run.eventsConsidered, 'event')
    const entered = this.count(run.usersEntered, 'user')
    const afterEnd = query.range.to ? `, plus ${query.windowSeconds} s of window after the end` : ''
    return (
      `Scanned the events of ${users} in (user, time) order; ${considered} considered ` +
      `(${describeScope(query)}${afterEnd}), ${entered} entered the ${query.mode} funnel.`
    )
  }

  private flowNote(query: EngineQuery<FlowQuery>, sessionsScanned: number): string {
    return `Walked ${this.count(sessionsScanned, 'session')} that viewed ${query.page} (of ${this.count(
      this.dataset.sessionCount,
      'session'
    )}), page views in scope: ${describeScope(query)}.`
  }

  private plan(note: string, ...more: string[]): QueryPlan {
    return {
      strategy: this.strategy,
      steps: [],
      notes: [`In memory over ${this.dataset.label}. ${note}`, ...more, ...this.dataset.notes]
    }
  }

  private count(n: number, noun: string): string {
    return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`
  }
}

/**
 * A local engine over an NDJSON folder, opened (once per process, from its workspace cache when it
 * has one) when needed.
 */
export async function openLocalEngine(
  folder: string,
  context?: Partial<CallContext>
): Promise<LocalJourneyEngine> {
  return new LocalJourneyEngine(await loadLocalDataset(folder, context), (reason, callContext) =>
    reopenDamagedDataset(folder, reason, callContext)
  )
}

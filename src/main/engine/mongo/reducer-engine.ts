import type { Db } from 'mongodb'
import {
  EVENT_TYPES,
  type DocumentId,
  type EventDocument
} from '../../../shared/journeys/documents'
import type {
  CatalogueQuery,
  CustomerCaseFileQuery,
  CustomerSearchQuery,
  FlowQuery,
  FlowUsersQuery,
  FunnelQuery,
  FunnelUsersQuery,
  OverviewQuery,
  Segment
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
  QueryPlanStep
} from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import { isSeedMapping, type FieldMapping } from '../../../shared/mapping/field-mapping'
import type { JourneyEngine } from '../journey-engine'
import type { EngineQuery } from '../rules/engine-query'
import { CatalogueAccumulator } from '../reducers/catalogue'
import { flowBudgetNote } from '../rules/flow-budget'
import { journeyBudgetNote } from '../rules/journey-graph-budget'
import { walkFlowPath } from '../reducers/flow-path'
import { FlowAccumulator } from '../reducers/flow-reducer'
import { resolveFlowSelection } from '../reducers/flow-selection'
import { FlowUsersCollector } from '../reducers/flow-users'
import { FunnelDocumentReducer } from '../reducers/funnel-document-reducer'
import type { FunnelUserSelection } from '../reducers/funnel-user-selection'
import { idKey } from '../rules/id-key'
import { OverviewAccumulator } from '../reducers/overview-reducer'
import { pageViewUrl, pageViewUrls } from '../reducers/page-views'
import { compileScopeFilter } from '../reducers/scope-filter'
import { openCustomerCaseFile, searchCustomersWithFind } from './customer-lookups'
import {
  catalogueEventsFind,
  catalogueSessionsFind,
  flowEventsFind,
  funnelEventsFind,
  overviewEventsFind,
  toPlanStep,
  type FindShape,
  type FindSpec
} from './find-specs'
import { reducerFunnelUserRows } from './funnel-user-rows'
import { ConsecutiveEventGroups } from './group-consecutive'
import type { IndexAdvisor } from './index-advisor'
import { openMappedCaseFile, searchMappedCustomers } from './mapped/mapped-customer-lookups'
import {
  eventsBySession,
  MAPPED_CATALOGUE_COST,
  MAPPED_NOTE,
  MappedEventReads
} from './mapped/mapped-event-reads'
import { MappedRowSources } from './mapped/mapped-row-sources'
import { MongoRowSources } from './mongo-row-sources'
import { DEFAULT_CURSOR_OPTIONS, streamFind, type CursorOptions } from './run-find'
import {
  loadSessionDevices,
  needsSessionDevices,
  SessionDeviceMap,
  type SessionDevices
} from './session-devices'
import type { QueryLimits } from './query-limits'
import { SessionOwnershipAudit } from './session-ownership-audit'
import { readMappedUserContacts, readUserContacts, type UserContacts } from './user-contact-finds'
import { UserSearchSnapshot } from './user-search-snapshot'
import { flowUsersWithContacts, funnelUsersWithContacts } from '../rules/user-contacts'

export interface ReducerEngineOptions {
  /** Cursor options of every query (tests, benchmarks); `limits` says them per kind instead. */
  cursor?: Partial<CursorOptions>
  /** The connection's limits: lookups (search, case files) and analyses (the rest). */
  limits?: QueryLimits
  /** Says which recommended indexes exist; its notes go into every plan. */
  indexAdvisor?: IndexAdvisor
  /** Why this server gets the reducer strategy (e.g. the pipeline features it lacks). */
  strategyNote?: string
  /** How lookups are shaped for this server (see `FindShape`); `combined` by default. */
  findShape?: FindShape
  /**
   * Answer customer search from a snapshot of the users' search fields (see UserSearchSnapshot):
   * for servers that read every user for a prefix search at their cursor rate (FerretDB).
   */
  userSearchSnapshot?: boolean
  /**
   * Read the data through this field mapping (the data's own collections and field names): each
   * user's events are read by the mapped user id and put in the seed's shape in the app, with the
   * same normalisation as a folder's mapped copy (see MappedEventReads). Absent: the seed schema.
   */
  mapping?: FieldMapping
  /**
   * With the `equality` shape: check in the background which sessions hold another user's events
   * (SessionOwnershipAudit), so a case file reads the customer's events with one `{userId}` find.
   */
  sessionOwnershipAudit?: boolean
}

const NO_DEVICES: SessionDevices = { get: () => undefined, getByKey: () => undefined, size: 0 }

/**
 * The `reducer` strategy, for servers that lack the pipeline stages (FerretDB, DocumentDB-class):
 * ONE sorted, projected `find` per funnel, flow or overview, read as a stream and cut user by user
 * (or session by session) into the same reducers the local engine runs, so memory in the app is
 * bounded by the largest user (plus the session devices, see session-devices.ts).
 *
 * The server does the filtering and sorting of those streams; FerretDB 1.x reads the collection and
 * sorts in its own memory, at some 15,000 events a second, and the reducers take a few percent of
 * that time. Case files and search are lookups, shaped for what the server pushes down
 * (`FindShape`): on FerretDB/PostgreSQL plain equality finds merged in the app, and search from a
 * snapshot of the users (UserSearchSnapshot).
 */
export class ReducerEngine implements JourneyEngine {
  readonly strategy = 'reducer' as const
  readonly rowSources: MongoRowSources | MappedRowSources
  private readonly lookup: CursorOptions
  private readonly analysis: CursorOptions
  private readonly users: UserSearchSnapshot | null
  /** Set when the data is read through a field mapping other than the seed schema. */
  private readonly mapped: MappedEventReads | null
  private readonly ownership: SessionOwnershipAudit | null

  constructor(
    private readonly db: Db,
    private readonly options: ReducerEngineOptions = {}
  ) {
    this.lookup = { ...DEFAULT_CURSOR_OPTIONS, ...options.limits?.lookup, ...options.cursor }
    this.analysis = { ...DEFAULT_CURSOR_OPTIONS, ...options.limits?.analysis, ...options.cursor }
    const mapping = options.mapping
    this.mapped =
      mapping && !isSeedMapping(mapping) ? new MappedEventReads(db, mapping, this.analysis) : null
    // Exports are analyses: the long limit and the connection's read preference.
    this.rowSources = this.mapped
      ? new MappedRowSources(db, this.mapped, this.analysis)
      : new MongoRowSources(db, this.analysis, (query, context) =>
          reducerFunnelUserRows(db, this.analysis, query, context)
        )
    // Reading every user is background work: the long limit.
    this.users =
      options.userSearchSnapshot && !this.mapped
        ? new UserSearchSnapshot(db, { snapshotCursor: this.analysis })
        : null
    // Mapped sources read their case files by the mapped ids: no audit for them.
    this.ownership =
      options.sessionOwnershipAudit && options.findShape === 'equality' && !this.mapped
        ? new SessionOwnershipAudit(db, { cursor: this.analysis })
        : null
  }

  /**
   * Starts the background reads lookups on this server profit from (the users' search fields, the
   * session ownership audit); resolves when they are done. Queries never wait for it.
   */
  async prefetchLookups(): Promise<void> {
    this.users?.prefetch()
    await Promise.all([this.users?.ready(), this.ownership?.prefetch()])
  }

  async searchCustomers(
    query: EngineQuery<CustomerSearchQuery>,
    context: CallContext
  ): Promise<CustomerSearchResult> {
    if (this.mapped) {
      const { result, steps } = await searchMappedCustomers(
        this.db,
        this.mapped.mapping,
        query,
        this.lookup,
        context
      )
      return { ...result, plan: await this.plan(steps, []) }
    }
    if (this.users) {
      const { result, steps, notes } = await this.users.search(query, this.lookup, context)
      return { ...result, plan: await this.plan(steps, ['users'], notes) }
    }
    const { result, steps } = await searchCustomersWithFind(this.db, query, this.lookup, context)
    return { ...result, plan: await this.plan(steps, ['users']) }
  }

  async customerCaseFile(
    query: EngineQuery<CustomerCaseFileQuery>,
    context: CallContext
  ): Promise<CustomerCaseFile> {
    if (this.mapped) {
      const { result, steps } = await openMappedCaseFile(
        this.db,
        this.mapped.mapping,
        query,
        this.lookup,
        context
      )
      return { ...result, plan: await this.plan(steps, [], journeyBudgetNote(result.journey)) }
    }
    const { result, steps, notes } = await openCustomerCaseFile(
      this.db,
      query,
      {
        cursor: this.lookup,
        shape: this.options.findShape ?? 'combined',
        ownership: this.ownership?.current() ?? null
      },
      context
    )
    return {
      ...result,
      plan: await this.plan(
        steps,
        ['users', 'sessions', 'events'],
        [...notes, ...journeyBudgetNote(result.journey)]
      )
    }
  }

  async funnel(query: EngineQuery<FunnelQuery>, context: CallContext): Promise<FunnelResult> {
    const { reducer, steps } = await this.runFunnel(query, context)
    return { ...reducer.result(), plan: await this.plan(steps, ['events']) }
  }

  async funnelUsers(
    query: EngineQuery<FunnelUsersQuery>,
    context: CallContext
  ): Promise<FunnelUsersResult> {
    const { reducer, steps } = await this.runFunnel(query, context, {
      step: query.step,
      outcome: query.outcome,
      breakdownValue: query.breakdownValue,
      timeToConvertBucket: query.timeToConvertBucket
    })
    const page = reducer.usersResult(query.page)
    const contacts = await this.userContacts(page.userIds, context)
    return {
      ...funnelUsersWithContacts(page.userIds, contacts.contact),
      total: page.total,
      plan: await this.plan([...steps, ...contacts.steps], ['events', 'users'])
    }
  }

  async flows(query: EngineQuery<FlowQuery>, context: CallContext): Promise<FlowResult> {
    const flow = new FlowAccumulator<string>(query)
    const steps = await this.walkFlowPaths(query, context, (path, userId) => {
      flow.addPath(path, idKey(userId))
    })
    const result = flow.result()
    return {
      ...result,
      plan: await this.plan(steps, ['events'], flowBudgetNote(query, result.keptPerStep))
    }
  }

  async flowUsers(
    query: EngineQuery<FlowUsersQuery>,
    context: CallContext
  ): Promise<FlowUsersResult> {
    const collector = new FlowUsersCollector<string>(resolveFlowSelection(query, query.selection))
    const flow = new FlowAccumulator<string>(query)
    const steps = await this.walkFlowPaths(query, context, (path, userId, sessionId) => {
      const userKey = idKey(userId)
      flow.addPath(path, userKey)
      collector.add(path, userKey, userId, sessionId)
    })
    const { kept, names } = flow.budgetedNames()
    const page = collector.result(names, query.users)
    const contacts = await this.userContacts(
      page.users.map((user) => user.userId),
      context
    )
    return {
      ...page,
      users: flowUsersWithContacts(page.users, contacts.contact),
      plan: await this.plan(
        [...steps, ...contacts.steps],
        ['events', 'users'],
        flowBudgetNote(query, kept)
      )
    }
  }

  /**
   * The names and emails of a page of users: equality finds on FerretDB-class servers (which push
   * nothing else down), one `$in` elsewhere; through the mapping on a mapped source.
   */
  private userContacts(
    userIds: readonly DocumentId[],
    context: CallContext
  ): Promise<UserContacts> {
    if (this.mapped) {
      return readMappedUserContacts(this.db, this.mapped.mapping, userIds, this.lookup, context)
    }
    const shape = this.options.findShape ?? 'combined'
    return readUserContacts(this.db, userIds, shape, this.lookup, context)
  }

  /**
   * Streams page views session by session and hands each session in the flow to `onPath`: its
   * path (walkFlowPath), its user (the userId of its first in-scope page view, as the local
   * engine) and its id. Memory: one session's events at a time.
   */
  private async walkFlowPaths(
    query: EngineQuery<FlowQuery>,
    context: CallContext,
    onPath: (path: readonly string[], userId: DocumentId, sessionId: DocumentId) => void
  ): Promise<QueryPlanStep[]> {
    const mappedDevices = new SessionDeviceMap()
    const { devices, steps } = this.mapped
      ? { devices: mappedDevices, steps: [] }
      : await this.devicesFor(query.segment, undefined, context)
    const inScope = compileScopeFilter(query, (sessionId) => devices.get(sessionId))
    const path: string[] = []
    const onSession = (sessionId: DocumentId, events: readonly EventDocument[]): void => {
      const views = events.filter((event) => pageViewUrl(event) !== null && inScope(event))
      const first = views[0]
      if (!first) return
      const urls = pageViewUrls(views)
      if (walkFlowPath(query, urls, urls.length, path)) onPath(path, first.userId, sessionId)
    }
    if (this.mapped) {
      return this.mapped.eachUser(mappedDevices, context, (user) => {
        for (const [sessionId, events] of eventsBySession(user)) onSession(sessionId, events)
      })
    }
    const spec = flowEventsFind(query)
    const groups = new ConsecutiveEventGroups((event) => event.sessionId, onSession)
    await this.stream(spec, context, (event) => {
      groups.push(event)
    })
    groups.finish()
    return [...steps, toPlanStep(spec)]
  }

  async overview(query: EngineQuery<OverviewQuery>, context: CallContext): Promise<OverviewResult> {
    const mappedDevices = new SessionDeviceMap()
    // Browser and OS shares need every session's device, whatever the segment.
    const { devices, steps } = this.mapped
      ? { devices: mappedDevices, steps: [] }
      : await this.devicesFor(query.segment, true, context)
    const inScope = compileScopeFilter(query, (sessionId) => devices.get(sessionId))
    const overview = new OverviewAccumulator<string>(query.timeZone, query.topPages)
    const onEvent = (event: EventDocument): void => {
      if (!inScope(event)) return
      overview.add(
        event.timestamp.getTime(),
        idKey(event.userId),
        idKey(event.sessionId),
        event.eventType,
        event.metadata?.pageUrl,
        event.metadata?.amount,
        event.metadata?.currency
      )
    }
    if (this.mapped) {
      steps.push(
        ...(await this.mapped.eachUser(mappedDevices, context, (user) => {
          for (const event of user.events) onEvent(event)
        }))
      )
    } else {
      const spec = overviewEventsFind(query)
      await this.stream(spec, context, onEvent)
      steps.push(toPlanStep(spec))
    }
    const result = overview.result((sessionKey) => devices.getByKey(sessionKey))
    return { ...result, plan: await this.plan(steps, ['events']) }
  }

  /**
   * Two projected finds, each one pass over its collection on the server: every event's type and
   * page, every session's browser and OS, counted here. Servers of this kind cannot group on their
   * side, so this reads the whole events collection once; the service caches the answer per source.
   */
  async catalogue(
    query: EngineQuery<CatalogueQuery>,
    context: CallContext
  ): Promise<CatalogueResult> {
    const accumulator = new CatalogueAccumulator(query.pagePrefix, EVENT_TYPES.pageView)
    if (this.mapped) {
      const steps = await this.mapped.catalogue(accumulator, context)
      return {
        ...accumulator.result(),
        computedAt: new Date(),
        fromCache: false,
        plan: await this.plan(steps, [], [MAPPED_CATALOGUE_COST])
      }
    }
    const eventsSpec = catalogueEventsFind()
    const sessionsSpec = catalogueSessionsFind()
    const events = await streamFind<{ eventType?: unknown; metadata?: { pageUrl?: unknown } }>(
      this.db,
      eventsSpec,
      this.analysis,
      context,
      'Reading events',
      (event) => {
        accumulator.addEvent(event.eventType, event.metadata?.pageUrl)
      }
    )
    const sessions = await streamFind<{ deviceInfo?: unknown }>(
      this.db,
      sessionsSpec,
      this.analysis,
      context,
      'Reading sessions',
      (session) => {
        accumulator.addSession(session.deviceInfo)
      }
    )
    const cost = `Read all ${events.toLocaleString('en-US')} events (type and page only) and ${sessions.toLocaleString('en-US')} sessions (browser and OS only) in two full passes: this server cannot count on its side. The answer is cached per source until refreshed.`
    return {
      ...accumulator.result(),
      computedAt: new Date(),
      fromCache: false,
      plan: await this.plan([toPlanStep(eventsSpec), toPlanStep(sessionsSpec)], [], [cost])
    }
  }

  close(): Promise<void> {
    // The client belongs to whoever made it (the engine resolver).
    this.users?.close()
    this.ownership?.close()
    return Promise.resolve()
  }

  private async runFunnel(
    query: EngineQuery<FunnelQuery>,
    context: CallContext,
    usersOf?: FunnelUserSelection
  ): Promise<{ reducer: FunnelDocumentReducer; steps: QueryPlanStep[] }> {
    const mappedDevices = new SessionDeviceMap()
    const { devices, steps } = this.mapped
      ? { devices: mappedDevices, steps: [] }
      : await this.devicesFor(query.segment, query.breakdown, context)
    const reducer = new FunnelDocumentReducer(query, (sessionId) => devices.get(sessionId), usersOf)
    if (this.mapped) {
      const mappedSteps = await this.mapped.eachUser(mappedDevices, context, (user) => {
        reducer.addUser(user.userId, user.events)
      })
      return { reducer, steps: mappedSteps }
    }
    const spec = funnelEventsFind(query)
    const groups = new ConsecutiveEventGroups(
      (event) => event.userId,
      (userId, events) => reducer.addUser(userId, events)
    )
    await this.stream(spec, context, (event) => {
      groups.push(event)
    })
    groups.finish()
    return { reducer, steps: [...steps, toPlanStep(spec)] }
  }

  private async devicesFor(
    segment: Segment,
    breakdown: unknown,
    context: CallContext
  ): Promise<{ devices: SessionDevices; steps: QueryPlanStep[] }> {
    if (!needsSessionDevices(segment, breakdown)) return { devices: NO_DEVICES, steps: [] }
    const { devices, spec } = await loadSessionDevices(this.db, segment, this.analysis, context)
    return { devices, steps: [toPlanStep(spec)] }
  }

  private stream(
    spec: FindSpec,
    context: CallContext,
    onEvent: (event: EventDocument) => void
  ): Promise<number> {
    return streamFind<EventDocument>(
      this.db,
      spec,
      this.analysis,
      context,
      'Reading events',
      onEvent
    )
  }

  private async plan(steps: QueryPlanStep[], collections: string[], extraNotes: string[] = []) {
    const notes: string[] = []
    if (this.options.strategyNote) notes.push(this.options.strategyNote)
    if (this.mapped) notes.push(MAPPED_NOTE)
    notes.push(...extraNotes)
    // A mapped source's advisor knows its indexes in its own field names (mappedRecommendedIndexes).
    if (this.options.indexAdvisor) {
      notes.push(...(await this.options.indexAdvisor.notesFor(steps, collections)))
    }
    return { strategy: this.strategy, steps, notes }
  }
}

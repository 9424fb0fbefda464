import { AppError } from '../../../shared/errors'
import {
  EVENT_TYPES,
  type DocumentId,
  type SessionDocument,
  type UserDocument
} from '../../../shared/journeys/documents'
import type { CallContext } from '../../../shared/rpc/contract'
import { compareSessionsNewestFirst } from '../reducers/case-file-reducer'
import {
  customerEventRow,
  customerRow,
  customerSessionRow,
  SessionEventCounts
} from '../reducers/customer-rows'
import { compileCustomerMatcher } from '../reducers/customer-matcher'
import { selectsFunnelUserOutcome } from '../reducers/funnel-user-selection'
import { timeBounds } from '../reducers/scope-filter'
import {
  arrayRows,
  rowStream,
  type CustomerEventRow,
  type CustomerRow,
  type CustomerSessionRow,
  type DocumentBatches,
  type DocumentsQuery,
  type FunnelUserRow,
  type FunnelUsersRowsQuery,
  type JourneyRowSources,
  type RowStream
} from '../row-sources'
import { findLocalUser } from './local-customers'
import type { LocalDataset } from './local-dataset'
import { localEventBatches } from './local-event-batches'
import { LocalFunnelWalker } from './local-funnel'
import { WorkTicker } from './work-ticker'

/** How many items a loop handles between two looks at the clock (cancel, progress). */
const TICK_EVERY = 1023

/**
 * The local engine's row sources: plain walks over the data set's indexes, yielding to the event
 * loop about every 40 ms (WorkTicker) so an export can be cancelled and its file written meanwhile.
 */
export class LocalRowSources implements JourneyRowSources {
  constructor(private readonly dataset: LocalDataset) {}

  customerEvents(userId: string, context: CallContext): Promise<RowStream<CustomerEventRow>> {
    const u = this.requireUser(userId)
    const { dataset } = this
    return Promise.resolve(
      rowStream(async function* () {
        // Devices come from the customer's own session documents, as the MongoDB engines read them.
        const ownSessions = new Set(
          dataset.userSessionList.subarray(
            dataset.userSessionStart[u],
            dataset.userSessionStart[u + 1]
          )
        )
        const devices = new Map<number, unknown>()
        const deviceOf = (s: number): unknown => {
          if (!devices.has(s)) devices.set(s, dataset.sessionDocument(s)?.deviceInfo)
          return devices.get(s)
        }
        const from = dataset.userEventStart[u] as number
        const to = dataset.userEventStart[u + 1] as number
        const ticker = new WorkTicker(context, 'Reading events', to - from)
        for (let i = from; i < to; i++) {
          if (((i - from) & TICK_EVERY) === 0) await ticker.tick(i - from)
          const s = dataset.eventSession[i] as number
          const device = ownSessions.has(s) ? deviceOf(s) : undefined
          yield customerEventRow(dataset.eventDocument(i), device)
        }
      })
    )
  }

  customerSessions(userId: string, context: CallContext): Promise<RowStream<CustomerSessionRow>> {
    // One customer's sessions: bounded, so built at once from the per-user indexes.
    new WorkTicker(context, 'Reading sessions', 1).throwIfCancelled()
    const u = this.requireUser(userId)
    const { dataset } = this
    const counts = new Map<number, SessionEventCounts>()
    const pageView = dataset.eventTypes.codeOf(EVENT_TYPES.pageView)
    const purchase = dataset.eventTypes.codeOf(EVENT_TYPES.purchase)
    const to = dataset.userEventStart[u + 1] as number
    for (let i = dataset.userEventStart[u] as number; i < to; i++) {
      const s = dataset.eventSession[i] as number
      let count = counts.get(s)
      if (!count) {
        count = new SessionEventCounts()
        counts.set(s, count)
      }
      const type = dataset.eventType[i] as number
      count.add(type === pageView, type === purchase)
    }
    const sessions: { s: number; doc: SessionDocument }[] = []
    const end = dataset.userSessionStart[u + 1] as number
    for (let k = dataset.userSessionStart[u] as number; k < end; k++) {
      const s = dataset.userSessionList[k] as number
      const doc = dataset.sessionDocument(s)
      if (doc) sessions.push({ s, doc })
    }
    sessions.sort((a, b) => compareSessionsNewestFirst(a.doc, b.doc))
    const rows = sessions.map(({ s, doc }) => customerSessionRow(doc, counts.get(s)))
    return Promise.resolve({ rows: arrayRows(rows), notes: [] })
  }

  funnelUsers(
    query: FunnelUsersRowsQuery,
    context: CallContext
  ): Promise<RowStream<FunnelUserRow>> {
    const { dataset } = this
    const walker = new LocalFunnelWalker(dataset, query)
    return Promise.resolve(
      rowStream(async function* () {
        const userCount = dataset.userCount
        const ticker = new WorkTicker(context, 'Funnel', userCount)
        for (let u = 0; u < userCount; u++) {
          if ((u & 255) === 0) await ticker.tick(u)
          const outcome = walker.outcomeOf(u)
          if (!outcome) continue
          if (!selectsFunnelUserOutcome(query, outcome, walker.breakdownKey(outcome))) continue
          yield {
            userId: dataset.userIds[u] as DocumentId,
            furthest: outcome.furthest,
            times: outcome.times,
            entrySessionId: dataset.sessionIds[outcome.entrySession] ?? null
          }
        }
        ticker.throwIfCancelled()
      })
    )
  }

  customers(text: string, context: CallContext): Promise<RowStream<CustomerRow>> {
    const { dataset } = this
    const matches = compileCustomerMatcher(text)
    return Promise.resolve(
      rowStream(async function* () {
        const userCount = dataset.userCount
        const ticker = new WorkTicker(context, 'Searching customers', userCount)
        for (let u = 0; u < userCount; u++) {
          if ((u & TICK_EVERY) === 0) await ticker.tick(u)
          const user = dataset.userDocument(u)
          if (user && matches(user)) yield customerRow(user)
        }
      })
    )
  }

  documents(
    query: DocumentsQuery,
    context: CallContext
  ): Promise<RowStream<Record<string, unknown>>> {
    const { dataset } = this
    return Promise.resolve(
      rowStream(async function* () {
        const ticker = new WorkTicker(context, `Reading ${query.collection}`, 0)
        let n = 0
        for (const document of localDocuments(dataset, query)) {
          if ((n++ & TICK_EVERY) === 0) await ticker.tick(n)
          yield document
        }
      })
    )
  }

  documentBatches(
    query: DocumentsQuery,
    paths: readonly string[],
    context: CallContext
  ): Promise<DocumentBatches | null> {
    const batches = localEventBatches(this.dataset, query, paths, context)
    return Promise.resolve(batches ? { batches, notes: [] } : null)
  }

  sampleDocuments(
    query: DocumentsQuery,
    limit: number,
    context: CallContext
  ): Promise<Record<string, unknown>[]> {
    new WorkTicker(context, `Sampling ${query.collection}`, limit).throwIfCancelled()
    const sample: Record<string, unknown>[] = []
    for (const document of localDocuments(this.dataset, query)) {
      if (sample.length >= limit) break
      sample.push(document)
    }
    return Promise.resolve(sample)
  }

  private requireUser(userId: string): number {
    const u = findLocalUser(this.dataset, userId)
    if (u < 0) throw new AppError('NOT_FOUND', `No customer has the id "${userId}".`)
    return u
  }
}

/** A collection's documents in index order (BSON order of ids), those in the range only. */
function* localDocuments(
  dataset: LocalDataset,
  query: DocumentsQuery
): Generator<Record<string, unknown>> {
  const { fromMs, toMs } = timeBounds(query.range)
  const ranged = query.range.from !== undefined || query.range.to !== undefined
  if (query.collection === 'events') {
    const { eventTime } = dataset
    for (let i = 0; i < dataset.eventCount; i++) {
      const t = eventTime[i] as number
      if (ranged && !(t >= fromMs && t < toMs)) continue
      yield dataset.eventDocument(i) as unknown as Record<string, unknown>
    }
    return
  }
  const users = query.collection === 'users'
  const count = users ? dataset.userCount : dataset.sessionCount
  const field = users ? 'createdAt' : 'startTime'
  for (let k = 0; k < count; k++) {
    const document: UserDocument | SessionDocument | undefined = users
      ? dataset.userDocument(k)
      : dataset.sessionDocument(k)
    if (!document) continue
    if (ranged) {
      const value: unknown = (document as unknown as Record<string, unknown>)[field]
      if (!(value instanceof Date)) continue
      const t = value.getTime()
      if (!(t >= fromMs && t < toMs)) continue
    }
    yield document as unknown as Record<string, unknown>
  }
}

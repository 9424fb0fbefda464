import type { Collection, Db, Document } from 'mongodb'
import { AppError } from '../../../shared/errors'
import {
  EVENT_TYPES,
  type EventDocument,
  type SessionDocument,
  type UserDocument
} from '../../../shared/journeys/documents'
import type { QueryPlanStep } from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import { buildCaseFileUserLookup, pickCaseFileUser } from '../pipelines/case-file'
import {
  customerEventRow,
  customerRow,
  customerSessionRow,
  SessionEventCounts
} from '../reducers/customer-rows'
import { compileCustomerMatcher } from '../reducers/customer-matcher'
import { idKey } from '../rules/id-key'
import {
  rowStream,
  type CustomerEventRow,
  type CustomerRow,
  type CustomerSessionRow,
  type DocumentPages,
  type DocumentsQuery,
  type FunnelUserRow,
  type FunnelUsersRowsQuery,
  type JourneyRowSources,
  type RowStream
} from '../row-sources'
import { mongoDriver } from '../../mongo-client/mongo-driver'
import { cursorBatches, cursorDocuments, openSpecCursor } from './cursor-rows'
import { customerMatchesFind, customerOwnEventsFind, documentsFind } from './export-find-specs'
import { customerSessionsFind, toPlanStep } from './find-specs'
import type { CursorOptions } from './run-find'

/**
 * A raw document as the collection's cursors give it without `raw`: the driver's BSON options
 * (the app never changes them) and its UTF-8 validation.
 */
function rawDocumentReader(collection: Collection): (bytes: Uint8Array) => Record<string, unknown> {
  const { raw: _raw, enableUtf8Validation, ...bsonOptions } = collection.bsonOptions
  const options = { ...bsonOptions, validation: { utf8: enableUtf8Validation !== false } }
  const { deserialize } = mongoDriver().BSON
  return (bytes) => deserialize(bytes, options)
}

/** How a MongoDB strategy streams the users of a funnel step (reducer or pipeline). */
export type FunnelUserRowsReader = (
  query: FunnelUsersRowsQuery,
  context: CallContext
) => Promise<RowStream<FunnelUserRow>>

/**
 * Row sources of both MongoDB strategies. Customers, case files and raw collections are plain
 * index-backed finds on every server (equality or range filters, so FerretDB pushes them down);
 * only the funnel's users differ by strategy and come in as `funnelUsers`.
 */
export class MongoRowSources implements JourneyRowSources {
  constructor(
    private readonly db: Db,
    private readonly cursor: CursorOptions,
    readonly funnelUsers: FunnelUserRowsReader
  ) {}

  async customerEvents(userId: string, context: CallContext): Promise<RowStream<CustomerEventRow>> {
    const user = await this.requireUser(userId, context)
    const sessions = await this.readAll<SessionDocument>(
      toPlanStep(customerSessionsFind(user._id)),
      context
    )
    const devices = new Map(sessions.map((session) => [idKey(session._id), session.deviceInfo]))
    const { db, cursor: options } = this
    return rowStream(async function* () {
      const cursor = openSpecCursor(db, toPlanStep(customerOwnEventsFind(user._id)), options)
      for await (const batch of cursorBatches(cursor, context.signal)) {
        for (const document of batch) {
          const event = document as EventDocument
          yield customerEventRow(event, devices.get(idKey(event.sessionId)))
        }
      }
    })
  }

  async customerSessions(
    userId: string,
    context: CallContext
  ): Promise<RowStream<CustomerSessionRow>> {
    const user = await this.requireUser(userId, context)
    const { db, cursor: options } = this
    return rowStream(async function* () {
      // Counts first (one pass over the customer's events, a counter per session), then the
      // sessions newest first; both finds use the customer's indexes.
      const counts = new Map<string, SessionEventCounts>()
      const projection = { _id: 0, sessionId: 1, eventType: 1 }
      const events = openSpecCursor(
        db,
        toPlanStep(customerOwnEventsFind(user._id, projection)),
        options
      )
      for await (const batch of cursorBatches(events, context.signal)) {
        for (const event of batch) {
          const key = idKey(event.sessionId)
          let count = counts.get(key)
          if (!count) {
            count = new SessionEventCounts()
            counts.set(key, count)
          }
          count.add(
            event.eventType === EVENT_TYPES.pageView,
            event.eventType === EVENT_TYPES.purchase
          )
        }
      }
      const sessions = openSpecCursor(db, toPlanStep(customerSessionsFind(user._id)), options)
      for await (const batch of cursorBatches(sessions, context.signal)) {
        for (const document of batch) {
          const session = document as SessionDocument
          yield customerSessionRow(session, counts.get(idKey(session._id)))
        }
      }
    })
  }

  customers(text: string, context: CallContext): Promise<RowStream<CustomerRow>> {
    // The server's regex narrows; the app's matcher decides, as in the search itself.
    const matches = compileCustomerMatcher(text)
    const { db, cursor: options } = this
    return Promise.resolve(
      rowStream(async function* () {
        const cursor = openSpecCursor(db, toPlanStep(customerMatchesFind(text)), options)
        for await (const batch of cursorBatches(cursor, context.signal)) {
          for (const document of batch) {
            const user = document as UserDocument
            if (matches(user)) yield customerRow(user)
          }
        }
      })
    )
  }

  documents(
    query: DocumentsQuery,
    context: CallContext
  ): Promise<RowStream<Record<string, unknown>>> {
    const { db, cursor: options } = this
    return Promise.resolve(
      rowStream(async function* () {
        const cursor = openSpecCursor(db, toPlanStep(documentsFind(query)), options)
        yield* cursorDocuments<Record<string, unknown>>(cursor, context.signal)
      })
    )
  }

  documentPages(query: DocumentsQuery, context: CallContext): Promise<DocumentPages> {
    const spec = toPlanStep(documentsFind(query))
    const cursor = openSpecCursor<Buffer>(this.db, spec, this.cursor, { raw: true })
    return Promise.resolve({
      pages: cursorBatches(cursor, context.signal),
      deserialize: rawDocumentReader(this.db.collection(spec.collection)),
      notes: []
    })
  }

  sampleDocuments(
    query: DocumentsQuery,
    limit: number,
    context: CallContext
  ): Promise<Record<string, unknown>[]> {
    const sample: QueryPlanStep & { limit: number } = { ...toPlanStep(documentsFind(query)), limit }
    return this.readAll(sample, context)
  }

  private async requireUser(userId: string, context: CallContext): Promise<UserDocument> {
    const lookup = buildCaseFileUserLookup({ userId, sessions: { offset: 0, limit: 1 } })
    const user = pickCaseFileUser(await this.readAll<UserDocument>(lookup, context), userId)
    if (!user) throw new AppError('NOT_FOUND', `No customer has the id "${userId}".`)
    return user
  }

  /** A small find's documents (a sample, one user's lookups) as an array. */
  private async readAll<T extends Document>(
    spec: QueryPlanStep,
    context: CallContext
  ): Promise<T[]> {
    const documents: T[] = []
    const cursor = openSpecCursor<T>(this.db, spec, this.cursor)
    for await (const batch of cursorBatches(cursor, context.signal)) documents.push(...batch)
    return documents
  }
}

import type { Db, Document } from 'mongodb'
import { AppError } from '../../../../shared/errors'
import {
  EVENT_TYPES,
  type EventDocument,
  type SessionDocument,
  type UserDocument
} from '../../../../shared/journeys/documents'
import type { CallContext } from '../../../../shared/rpc/contract'
import { idText } from '../../../mapping/mapped-values'
import { normaliseUser } from '../../../mapping/normalise/normalise-data'
import { pickCaseFileUser } from '../../pipelines/case-file'
import { compareSessionsNewestFirst } from '../../reducers/case-file-reducer'
import { compileCustomerMatcher } from '../../reducers/customer-matcher'
import {
  customerEventRow,
  customerRow,
  customerSessionRow,
  SessionEventCounts
} from '../../reducers/customer-rows'
import { FunnelDocumentReducer } from '../../reducers/funnel-document-reducer'
import { selectsFunnelUserOutcome } from '../../reducers/funnel-user-selection'
import { compareIds } from '../../rules/compare-ids'
import { compareEvents } from '../../rules/event-order'
import { idKey } from '../../rules/id-key'
import {
  arrayRows,
  rowStream,
  type CustomerEventRow,
  type CustomerRow,
  type CustomerSessionRow,
  type DocumentsQuery,
  type FunnelUserRow,
  type FunnelUsersRowsQuery,
  type JourneyRowSources,
  type RowStream
} from '../../row-sources'
import { cursorDocuments, openSpecCursor } from '../cursor-rows'
import { toPlanStep } from '../find-specs'
import type { CursorOptions } from '../run-find'
import { SessionDeviceMap } from '../session-devices'
import { mappedDocuments } from './mapped-documents'
import type { MappedEventReads } from './mapped-event-reads'
import {
  customerDocuments,
  mappedCustomerSearchFind,
  type CustomerDocuments
} from './mapped-customer-lookups'

/**
 * Row streams of a server read through a field mapping: the rows the local engine gives on the
 * folder's mapped copy, read in the data's own collections and field names and put in the seed's
 * shape in the app (the same normalisation as every query of a mapped source). Funnel users and
 * raw collections stream user by user from one sorted find (memory: one user's events, plus a
 * device per session); case files and search read by equality finds on the mapped ids.
 */
export class MappedRowSources implements JourneyRowSources {
  constructor(
    private readonly db: Db,
    private readonly reads: MappedEventReads,
    private readonly cursor: CursorOptions
  ) {}

  async customerEvents(userId: string, context: CallContext): Promise<RowStream<CustomerEventRow>> {
    const { events, sessions } = await this.customer(userId, context)
    const devices = new Map(sessions.map((session) => [idKey(session._id), session.deviceInfo]))
    const rows = events.map((event) => customerEventRow(event, devices.get(idKey(event.sessionId))))
    return { rows: arrayRows(rows), notes: [] }
  }

  async customerSessions(
    userId: string,
    context: CallContext
  ): Promise<RowStream<CustomerSessionRow>> {
    const { events, sessions } = await this.customer(userId, context)
    const counts = new Map<string, SessionEventCounts>()
    for (const event of events) {
      const key = idKey(event.sessionId)
      let count = counts.get(key)
      if (!count) {
        count = new SessionEventCounts()
        counts.set(key, count)
      }
      count.add(event.eventType === EVENT_TYPES.pageView, event.eventType === EVENT_TYPES.purchase)
    }
    const rows = [...sessions]
      .sort(compareSessionsNewestFirst)
      .map((session) => customerSessionRow(session, counts.get(idKey(session._id))))
    return { rows: arrayRows(rows), notes: [] }
  }

  funnelUsers(
    query: FunnelUsersRowsQuery,
    context: CallContext
  ): Promise<RowStream<FunnelUserRow>> {
    const { reads } = this
    return Promise.resolve(
      rowStream(async function* () {
        const devices = new SessionDeviceMap()
        const reducer = new FunnelDocumentReducer(query, (sessionId) => devices.get(sessionId))
        // Each user's sessions (and so devices) are known before the user comes out.
        for await (const user of reads.users(devices, context)) {
          const outcome = reducer.addUser(user.userId, user.events)
          if (!outcome) continue
          if (!selectsFunnelUserOutcome(query, outcome, reducer.breakdownKey(outcome))) continue
          yield {
            userId: user.userId,
            furthest: outcome.furthest,
            times: outcome.times,
            entrySessionId: outcome.entrySession
          }
        }
      })
    )
  }

  customers(text: string, context: CallContext): Promise<RowStream<CustomerRow>> {
    const matching = (): Promise<UserDocument[]> => this.matchingUsers(text, context)
    return Promise.resolve(
      rowStream(async function* () {
        for (const user of await matching()) yield customerRow(user)
      })
    )
  }

  documents(
    query: DocumentsQuery,
    context: CallContext
  ): Promise<RowStream<Record<string, unknown>>> {
    return Promise.resolve(
      rowStream(() => mappedDocuments(this.db, this.reads, this.cursor, query, context))
    )
  }

  async sampleDocuments(
    query: DocumentsQuery,
    limit: number,
    context: CallContext
  ): Promise<Record<string, unknown>[]> {
    const sample: Record<string, unknown>[] = []
    if (limit <= 0) return sample
    // Leaving the loop closes the generator, and with it the cursor.
    for await (const document of mappedDocuments(
      this.db,
      this.reads,
      this.cursor,
      query,
      context
    )) {
      sample.push(document)
      if (sample.length >= limit) break
    }
    return sample
  }

  /** The customer's events (in event order) and sessions; NOT_FOUND without such a user. */
  private async customer(
    userId: string,
    context: CallContext
  ): Promise<{ events: EventDocument[]; sessions: SessionDocument[] }> {
    const documents = await this.documentsOf(userId, context)
    const user = pickCaseFileUser(documents.users, userId)
    if (!user) throw new AppError('NOT_FOUND', `No customer has the id "${userId}".`)
    const key = idKey(user._id)
    return {
      events: documents.events.filter((event) => idKey(event.userId) === key).sort(compareEvents),
      sessions: documents.sessions.filter((session) => idKey(session.userId) === key)
    }
  }

  private documentsOf(text: string, context: CallContext): Promise<CustomerDocuments> {
    return customerDocuments(this.db, this.reads.mapping, text, this.cursor, context)
  }

  /**
   * Every user the search text matches, in user id order (as the local engine's index): the
   * server's finds narrow, the app's matcher decides. A time the users collection does not hold
   * comes from the user's events, read for the matching users only.
   */
  private async matchingUsers(text: string, context: CallContext): Promise<UserDocument[]> {
    const matches = compileCustomerMatcher(text)
    const fields = this.reads.mapping.users
    if (!fields) {
      // Users are the events' user ids: searchable by id only.
      return (await this.documentsOf(text, context)).users.filter(matches)
    }
    const found: UserDocument[] = []
    const spec = toPlanStep(mappedCustomerSearchFind(fields, text))
    const cursor = openSpecCursor<Document>(this.db, spec, this.cursor)
    for await (const raw of cursorDocuments(cursor, context.signal)) {
      const user = normaliseUser(raw, fields, () => undefined)
      if (user && matches(user)) found.push(user)
    }
    if (fields.createdAt === null || fields.lastActiveAt === null) {
      for (const [index, user] of found.entries()) {
        const documents = await this.documentsOf(idText(user._id) ?? '', context)
        const key = idKey(user._id)
        found[index] = documents.users.find((read) => idKey(read._id) === key) ?? user
      }
    }
    return found.sort((a, b) => compareIds(a._id, b._id))
  }
}

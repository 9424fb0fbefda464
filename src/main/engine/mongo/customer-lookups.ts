import type { Db } from 'mongodb'
import { AppError } from '../../../shared/errors'
import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../shared/journeys/documents'
import type {
  CustomerCaseFileQuery,
  CustomerSearchQuery
} from '../../../shared/journeys/query-schemas'
import type {
  CustomerCaseFile,
  CustomerSearchResult,
  QueryPlanStep
} from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import type { EngineQuery } from '../rules/engine-query'
import { buildCaseFile } from '../reducers/case-file-reducer'
import { CustomerSearchAccumulator } from '../reducers/customer-matcher'
import { compareEvents } from '../rules/event-order'
import { idKey } from '../rules/id-key'
import { buildCaseFileUserLookup, pickCaseFileUser } from '../pipelines/case-file'
import {
  customerEventsFind,
  customerSearchFind,
  customerSessionsFind,
  toPlanStep,
  type FindSpec
} from './find-specs'
import { findAll, streamFind, type CursorOptions } from './run-find'

/*
 * Customer search and case files are index lookups on every server, so both MongoDB strategies
 * (pipeline and reducer) answer them with these finds and the local engine's reducers.
 */

/** Users by id, or by a case-insensitive prefix of name or email; counted and ranked in the app. */
export async function searchCustomersWithFind(
  db: Db,
  query: EngineQuery<CustomerSearchQuery>,
  cursor: CursorOptions,
  context: CallContext
): Promise<{ result: Omit<CustomerSearchResult, 'plan'>; steps: QueryPlanStep[] }> {
  const spec = customerSearchFind(query.text)
  const search = new CustomerSearchAccumulator(query.text, query.limit)
  await streamFind<UserDocument>(db, spec, cursor, context, 'Searching customers', (user) => {
    search.add(user)
  })
  return { result: search.result(), steps: [toPlanStep(spec)] }
}

/** One customer's case file: the user, their sessions and their events, in three lookups. */
export async function openCustomerCaseFile(
  db: Db,
  query: EngineQuery<CustomerCaseFileQuery>,
  cursor: CursorOptions,
  context: CallContext
): Promise<{ result: Omit<CustomerCaseFile, 'plan'>; steps: QueryPlanStep[] }> {
  const lookup = buildCaseFileUserLookup(query)
  const userSpec: FindSpec = { collection: 'users', filter: lookup.filter, index: '_id_' }
  const users = await findAll<UserDocument>(db, userSpec, cursor, context, 'Reading customer')
  // A text id and the ObjectId it spells could both exist; the text one is what was typed.
  const user = pickCaseFileUser(users, query.userId)
  if (!user) {
    throw new AppError('NOT_FOUND', `No customer has the id "${query.userId}".`)
  }
  const sessionsSpec = customerSessionsFind(user._id)
  const sessions = await findAll<SessionDocument>(
    db,
    sessionsSpec,
    cursor,
    context,
    'Reading sessions'
  )
  const eventsSpec = customerEventsFind(
    user._id,
    sessions.map((session) => session._id)
  )
  const events = await findAll<EventDocument>(db, eventsSpec, cursor, context, 'Reading events')
  // Sorted here too: the order must be BSON order even where a server sorts mixed ids its own way.
  events.sort(compareEvents)

  const userKey = idKey(user._id)
  const bySession = new Map<string, EventDocument[]>()
  for (const event of events) {
    const key = idKey(event.sessionId)
    const list = bySession.get(key)
    if (list) list.push(event)
    else bySession.set(key, [event])
  }
  const result = buildCaseFile({
    user,
    userEvents: events.filter((event) => idKey(event.userId) === userKey),
    sessions,
    eventsOfSession: (session) => bySession.get(idKey(session._id)) ?? [],
    page: query.sessions
  })
  return { result, steps: [userSpec, sessionsSpec, eventsSpec].map(toPlanStep) }
}

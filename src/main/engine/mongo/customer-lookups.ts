import type { Db } from 'mongodb'
import { AppError } from '../../../shared/errors'
import type {
  DocumentId,
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
  caseFileUserFinds,
  customerEventsFind,
  customerEventsFinds,
  customerSearchFind,
  customerSessionsFind,
  toPlanStep,
  type FindShape,
  type FindSpec
} from './find-specs'
import { findAll, findEach, streamFind, type CursorOptions } from './run-find'
import type { SessionOwnership } from './session-ownership-audit'

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

/** How a case file's finds are shaped, and their cursor options. */
export interface LookupOptions {
  cursor: CursorOptions
  shape: FindShape
  /**
   * With the `equality` shape: which sessions hold another user's events (SessionOwnershipAudit).
   * Only those are read by `sessionId`; the others' events all come with the `{userId}` find.
   */
  ownership?: SessionOwnership | null
}

/**
 * Above this many sessions, one find per session costs more than one `$or` find reading every event
 * (FerretDB on PostgreSQL: about 80 ms an equality find against 12 s a full read at 267k events,
 * two finds at a time on two cores): then the case file uses the combined find and says so.
 */
export const MAX_SESSION_FINDS = 200

/**
 * One customer's case file: the user, their sessions and their events. With the `combined` shape in
 * three finds; with `equality`, the user by each id the text stands for, with the sessions and the
 * events of the id as typed beside it, then (without an ownership audit, or for sessions holding
 * another user's events) each session's events, a few finds at a time.
 */
export async function openCustomerCaseFile(
  db: Db,
  query: EngineQuery<CustomerCaseFileQuery>,
  options: LookupOptions,
  context: CallContext
): Promise<{ result: Omit<CustomerCaseFile, 'plan'>; steps: QueryPlanStep[]; notes: string[] }> {
  const { cursor } = options
  const userSpecs: FindSpec[] =
    options.shape === 'equality'
      ? caseFileUserFinds(query.userId)
      : [{ collection: 'users', filter: buildCaseFileUserLookup(query).filter, index: '_id_' }]
  const readSessionsAndEvents = (userId: DocumentId, signal: AbortSignal) => {
    const sessionsSpec = customerSessionsFind(userId, options.shape)
    const [userEventsSpec] = customerEventsFinds(userId, [], 'equality') as [FindSpec]
    const inner: CallContext = { ...context, signal }
    return {
      sessionsSpec,
      read: Promise.all([
        findAll<SessionDocument>(db, sessionsSpec, cursor, inner, 'Reading sessions'),
        options.shape === 'equality'
          ? findAll<EventDocument>(db, userEventsSpec, cursor, inner, 'Reading events')
          : Promise.resolve([])
      ])
    }
  }
  // Each equality find is a scan of its table on these servers: the sessions and events of the id
  // as typed are read alongside the user lookup, and kept when that id is the user's.
  const early = new AbortController()
  const stopEarly = (): void => {
    early.abort()
  }
  context.signal.addEventListener('abort', stopEarly, { once: true })
  const speculative =
    options.shape === 'equality' ? readSessionsAndEvents(query.userId, early.signal) : null
  speculative?.read.catch(() => undefined)
  let user: UserDocument | null = null
  let sessionsSpec: FindSpec
  let sessions: SessionDocument[]
  let userEvents: EventDocument[]
  try {
    const users = (
      await findEach<UserDocument>(db, userSpecs, cursor, context, 'Reading customer')
    ).flat()
    // A text id and the ObjectId it spells could both exist; the text one is what was typed.
    user = pickCaseFileUser(users, query.userId)
    if (!user) {
      throw new AppError('NOT_FOUND', `No customer has the id "${query.userId}".`)
    }
    const useEarly = speculative !== null && user._id === query.userId
    if (!useEarly) early.abort()
    const reading = useEarly ? speculative : readSessionsAndEvents(user._id, context.signal)
    sessionsSpec = reading.sessionsSpec
    ;[sessions, userEvents] = await reading.read
  } finally {
    early.abort()
    context.signal.removeEventListener('abort', stopEarly)
  }
  const notes: string[] = []
  let eventSpecs: FindSpec[]
  let events: EventDocument[]
  if (options.shape === 'equality' && (options.ownership || sessions.length <= MAX_SESSION_FINDS)) {
    const ownership = options.ownership
    // With an audit, only sessions holding another user's events need a find of their own.
    const bySessionId = ownership
      ? sessions.filter((session) => ownership.foreignSessions.has(idKey(session._id)))
      : sessions
    if (ownership) notes.push(ownershipNote(ownership, bySessionId.length))
    eventSpecs = customerEventsFinds(
      user._id,
      bySessionId.map((session) => session._id),
      'equality'
    )
    const perSession = await findEach<EventDocument>(
      db,
      eventSpecs.slice(1),
      cursor,
      context,
      'Reading session events'
    )
    events = withoutRepeats([userEvents, ...perSession])
  } else {
    const sessionIds = sessions.map((session) => session._id)
    if (options.shape === 'equality') {
      notes.push(
        `This customer has ${sessions.length.toLocaleString('en-US')} sessions: their events were read with one $or find (a full read on this server) instead of one find per session.`
      )
    }
    eventSpecs = [customerEventsFind(user._id, sessionIds)]
    events = await findAll<EventDocument>(
      db,
      eventSpecs[0] as FindSpec,
      cursor,
      context,
      'Reading events'
    )
  }
  const result = assembleCaseFile(user, sessions, events, query.sessions)
  const steps = [...userSpecs, sessionsSpec, ...eventSpecs].map(toPlanStep)
  return { result, steps, notes }
}

/**
 * A case file from a customer's documents in the seed's shape: their sessions and the events of
 * the user and of those sessions, in any order (sorted here, in BSON order, as a server may sort
 * mixed ids its own way).
 */
export function assembleCaseFile(
  user: UserDocument,
  sessions: SessionDocument[],
  events: EventDocument[],
  page: CustomerCaseFileQuery['sessions']
): Omit<CustomerCaseFile, 'plan'> {
  events.sort(compareEvents)
  const userKey = idKey(user._id)
  const bySession = new Map<string, EventDocument[]>()
  for (const event of events) {
    const key = idKey(event.sessionId)
    const list = bySession.get(key)
    if (list) list.push(event)
    else bySession.set(key, [event])
  }
  return buildCaseFile({
    user,
    userEvents: events.filter((event) => idKey(event.userId) === userKey),
    sessions,
    eventsOfSession: (session) => bySession.get(idKey(session._id)) ?? [],
    page
  })
}

function ownershipNote(ownership: SessionOwnership, foreignOfUser: number): string {
  const checked = `${ownership.events.toLocaleString('en-US')} events checked against their ${ownership.sessions.toLocaleString('en-US')} sessions ${ownership.ageSeconds} s ago`
  const found =
    foreignOfUser === 0
      ? "none of these sessions holds another customer's events"
      : `${foreignOfUser} of these sessions hold another customer's events and were read by session`
  return `Events were read by this customer's id (one equality find; on FerretDB over PostgreSQL it reads the whole events table unless the indexes of journey ferretdb-sql exist): ${found} (${checked}, redone in the background every few minutes; later events that disagree with their session are found at the next check).`
}

/** The events of several finds, each once (a user's events also come back by session). */
function withoutRepeats(lists: readonly EventDocument[][]): EventDocument[] {
  const seen = new Set<string>()
  const events: EventDocument[] = []
  for (const list of lists) {
    for (const event of list) {
      const key = idKey(event._id)
      if (seen.has(key)) continue
      seen.add(key)
      events.push(event)
    }
  }
  return events
}

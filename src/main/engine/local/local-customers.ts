import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../shared/journeys/documents'
import { AppError } from '../../../shared/errors'
import type {
  CustomerCaseFileQuery,
  CustomerSearchQuery
} from '../../../shared/journeys/query-schemas'
import type { CustomerCaseFile, CustomerSearchResult } from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import type { EngineQuery } from '../rules/engine-query'
import { buildCaseFile } from '../reducers/case-file-reducer'
import {
  compileTextPrefix,
  CustomerSearchAccumulator,
  toSummary
} from '../reducers/customer-matcher'
import { idKeysForText } from '../rules/id-key'
import type { LocalDataset } from './local-dataset'
import { WorkTicker } from './work-ticker'

/**
 * Customer search over the users' names and emails (two columns; no event is read). Users are
 * numbered in id order, so their index breaks ties as the id would; only the users kept for the
 * answer are decoded.
 */
export async function searchLocalCustomers(
  dataset: LocalDataset,
  query: EngineQuery<CustomerSearchQuery>,
  context: CallContext
): Promise<Omit<CustomerSearchResult, 'plan'>> {
  const accumulator = new CustomerSearchAccumulator(query.text, query.limit)
  const prefix = compileTextPrefix(query.text)
  const byId = new Set(idKeysForText(query.text).map((key) => dataset.users.indexOfKey(key)))
  const { userNames, userEmails } = dataset
  const ticker = new WorkTicker(context, 'Searching customers', dataset.userCount)
  for (let u = 0; u < dataset.userCount; u++) {
    if ((u & 4095) === 0) await ticker.tick(u)
    if (!dataset.hasUserDocument(u)) continue
    const name = userNames[u] ?? null
    const email = userEmails[u] ?? null
    if (
      byId.has(u) ||
      (name !== null && prefix.test(name)) ||
      (email !== null && prefix.test(email))
    ) {
      accumulator.addMatch(name, u, () => toSummary(dataset.userDocument(u) as UserDocument))
    }
  }
  return accumulator.result()
}

/** The user index of a user document whose id is the text (or the ObjectId it spells), or -1. */
export function findLocalUser(dataset: LocalDataset, text: string): number {
  for (const key of idKeysForText(text)) {
    const u = dataset.users.indexOfKey(key)
    if (u >= 0 && dataset.hasUserDocument(u)) return u
  }
  return -1
}

/** One customer's case file, from the indexes (no scan of the data set). */
export function localCaseFile(
  dataset: LocalDataset,
  query: EngineQuery<CustomerCaseFileQuery>
): Omit<CustomerCaseFile, 'plan'> {
  const u = findLocalUser(dataset, query.userId)
  if (u < 0) throw new AppError('NOT_FOUND', `No customer with id ${query.userId}`)
  // One decoded document per event, shared by the totals and the sessions.
  const decoded = new Map<number, EventDocument>()
  const eventAt = (i: number): EventDocument => {
    let event = decoded.get(i)
    if (!event) {
      event = dataset.eventDocument(i)
      decoded.set(i, event)
    }
    return event
  }
  const sessionIndexes = Array.from(
    dataset.userSessionList.subarray(dataset.userSessionStart[u], dataset.userSessionStart[u + 1])
  )
  const sessions = sessionIndexes.map((s) => dataset.sessionDocument(s) as SessionDocument)
  const indexOfSession = new Map(sessions.map((doc, k) => [doc, sessionIndexes[k] as number]))
  const sessionEvents = new Map<number, EventDocument[]>()
  const eventsOfSession = (session: SessionDocument): EventDocument[] => {
    const s = indexOfSession.get(session) as number
    let events = sessionEvents.get(s)
    if (!events) {
      const from = dataset.sessionEventStart[s] as number
      const to = dataset.sessionEventStart[s + 1] as number
      events = new Array<EventDocument>(to - from)
      for (let k = from; k < to; k++) events[k - from] = eventAt(dataset.sessionEvents[k] as number)
      sessionEvents.set(s, events)
    }
    return events
  }
  const userEvents: EventDocument[] = []
  const end = dataset.userEventStart[u + 1] as number
  for (let i = dataset.userEventStart[u] as number; i < end; i++) userEvents.push(eventAt(i))
  return buildCaseFile({
    user: dataset.userDocument(u) as UserDocument,
    userEvents,
    sessions,
    eventsOfSession,
    page: query.sessions
  })
}

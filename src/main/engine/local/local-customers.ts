import type { EventDocument, UserDocument } from '../../../shared/journeys/documents'
import { AppError } from '../../../shared/errors'
import type {
  CustomerCaseFileQuery,
  CustomerSearchQuery
} from '../../../shared/journeys/query-schemas'
import type { CustomerCaseFile, CustomerSearchResult } from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import type { EngineQuery } from '../rules/engine-query'
import { buildCaseFile } from '../reducers/case-file-reducer'
import { CustomerSearchAccumulator } from '../reducers/customer-matcher'
import { idKeysForText } from '../rules/id-key'
import type { LocalDataset } from './local-dataset'
import { WorkTicker } from './work-ticker'

/** Customer search over the user documents of the data set. */
export async function searchLocalCustomers(
  dataset: LocalDataset,
  query: EngineQuery<CustomerSearchQuery>,
  context: CallContext
): Promise<Omit<CustomerSearchResult, 'plan'>> {
  const accumulator = new CustomerSearchAccumulator(query.text, query.limit)
  const ticker = new WorkTicker(context, 'Searching customers', dataset.userDocs.length)
  for (let u = 0; u < dataset.userDocs.length; u++) {
    if ((u & 4095) === 0) await ticker.tick(u)
    const user = dataset.userDocs[u]
    if (user) accumulator.add(user)
  }
  return accumulator.result()
}

/** The user index of a user document whose id is the text (or the ObjectId it spells), or -1. */
export function findLocalUser(dataset: LocalDataset, text: string): number {
  for (const key of idKeysForText(text)) {
    const u = dataset.users.indexOfKey(key)
    if (u >= 0 && dataset.userDocs[u]) return u
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
  const sessionIndexes = Array.from(
    dataset.userSessionList.subarray(dataset.userSessionStart[u], dataset.userSessionStart[u + 1])
  )
  const sessions = sessionIndexes.map((s) => ({ s, doc: dataset.sessionDocs[s] }))
  const sessionEventCache = new Map<number, EventDocument[]>()
  const eventsOfSession = (s: number): EventDocument[] => {
    let events = sessionEventCache.get(s)
    if (!events) {
      const from = dataset.sessionEventStart[s] as number
      const to = dataset.sessionEventStart[s + 1] as number
      events = new Array<EventDocument>(to - from)
      for (let k = from; k < to; k++) {
        events[k - from] = dataset.events[dataset.sessionEvents[k] as number] as EventDocument
      }
      sessionEventCache.set(s, events)
    }
    return events
  }
  const indexOfSession = new Map(sessions.map(({ s, doc }) => [doc, s]))
  const userEvents = dataset.events.slice(dataset.userEventStart[u], dataset.userEventStart[u + 1])
  return buildCaseFile({
    user: dataset.userDocs[u] as UserDocument,
    userEvents,
    sessions: sessions.map(({ doc }) => doc).filter((doc) => doc !== undefined),
    eventsOfSession: (session) => eventsOfSession(indexOfSession.get(session) as number),
    page: query.sessions
  })
}

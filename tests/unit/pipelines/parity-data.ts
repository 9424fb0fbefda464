import { ObjectId } from 'bson'
import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../src/shared/journeys/documents'
import type { CallContext } from '../../../src/shared/rpc/contract'
import { generateDemoData, DEFAULT_DEMO_END } from '../../../src/main/data/demo/generate-demo-data'
import type { DemoIdKind } from '../../../src/main/data/demo/demo-ids'
import { buildLocalDataset } from '../../../src/main/engine/local/local-dataset'
import { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import type { Collections } from './mingo-runner'

export interface ParityDataOptions {
  seed: number
  events: number
  idKind: DemoIdKind
  /** Add the hand-made odd documents (missing sessions, odd metadata, mixed id types, ties). */
  oddities?: boolean
}

const HOUR = 3_600_000
const END = DEFAULT_DEMO_END.getTime()

/**
 * Documents the generator never makes, appended to generated data: an event whose session does not
 * exist, a session without deviceInfo, page URLs that are numbers, arrays or missing, metadata
 * values that are arrays, purchases without currency or with a text amount, numeric and mixed ids,
 * equal timestamps ordered by `_id`, and a user without events. Fresh objects on every call.
 */
export function oddDocuments(): Collections {
  const t = (hours: number) => new Date(END - 30 * 24 * HOUR + hours * HOUR)
  const oid = (n: number) =>
    ObjectId.createFromHexString(`65000000000000000000${String(n).padStart(4, '0')}`)
  const users: UserDocument[] = [
    {
      _id: 'odd-user-a',
      name: 'Élodie Zed',
      email: 'ELODIE@example.com',
      createdAt: t(0),
      lastActiveAt: t(9)
    },
    {
      _id: oid(1),
      name: 'zed (bracket)',
      email: 'z.z+tag@example.org',
      createdAt: t(0),
      lastActiveAt: t(9)
    },
    {
      _id: 'odd-user-none',
      name: 'Nobody',
      email: 'nobody@example.net',
      createdAt: t(0),
      lastActiveAt: t(0)
    }
  ]
  const sessions: SessionDocument[] = [
    { _id: 'odd-s1', userId: 'odd-user-a', startTime: t(1) },
    { _id: 'odd-s2', userId: 'odd-user-a', startTime: t(1), deviceInfo: { browser: 'Chrome' } },
    { _id: oid(2), userId: oid(1), startTime: t(2), deviceInfo: { browser: 'Safari', os: 'iOS' } },
    { _id: 'odd-s3', userId: 7 as unknown as string, startTime: t(3), deviceInfo: { os: 'Linux' } },
    // Device values that are not strings count as unknown and pass no filter.
    {
      _id: 'odd-s4',
      userId: 'odd-user-a',
      startTime: t(4),
      deviceInfo: { browser: ['Chrome'], os: 7 } as unknown as { browser: string; os: string }
    }
  ]
  const event = (
    _id: EventDocument['_id'],
    sessionId: EventDocument['sessionId'],
    userId: EventDocument['userId'],
    eventType: string,
    hours: number,
    metadata?: Record<string, unknown>
  ): EventDocument => {
    const doc: EventDocument = { _id, sessionId, userId, eventType, timestamp: t(hours) }
    if (metadata) doc.metadata = metadata
    return doc
  }
  const events: EventDocument[] = [
    event('odd-e01', 'odd-s1', 'odd-user-a', 'PAGE_VIEW', 1, { pageUrl: '/', duration: 5 }),
    event('odd-e02', 'odd-s1', 'odd-user-a', 'PAGE_VIEW', 1.1, { pageUrl: 42, duration: 'long' }),
    event('odd-e03', 'odd-s1', 'odd-user-a', 'PAGE_VIEW', 1.2, { pageUrl: ['/cart'] }),
    event('odd-e04', 'odd-s1', 'odd-user-a', 'PAGE_VIEW', 1.3),
    event('odd-e05', 'odd-s1', 'odd-user-a', 'PAGE_VIEW', 1.4, { pageUrl: '/cart', duration: 2.5 }),
    // Three events at one instant: the order is by _id (strings by bytes).
    event('odd-e07', 'odd-s1', 'odd-user-a', 'ADD_TO_CART', 1.5, { pageUrl: '/cart' }),
    event('odd-e06', 'odd-s1', 'odd-user-a', 'PAGE_VIEW', 1.5, { pageUrl: '/checkout' }),
    event('odd-e08', 'odd-s1', 'odd-user-a', 'PURCHASE', 1.5, { amount: 10.004 }),
    event('odd-e09', 'odd-s2', 'odd-user-a', 'PURCHASE', 2, { amount: 'ten', currency: 'EUR' }),
    event('odd-e10', 'odd-s2', 'odd-user-a', 'PURCHASE', 2.1, {
      amount: 3.1,
      currency: 'EUR',
      referrer: ['google']
    }),
    event('odd-e11', 'ghost-session', 'odd-user-a', 'PAGE_VIEW', 2.2, {
      pageUrl: '/',
      referrer: 'google'
    }),
    event('odd-e12', 'ghost-session', 'odd-user-a', 'PAGE_VIEW', 2.3, { pageUrl: '/product/1' }),
    event(oid(10), oid(2), oid(1), 'PAGE_VIEW', 2, { pageUrl: '/' }),
    event(oid(11), oid(2), oid(1), 'PAGE_VIEW', 2, { pageUrl: '/product/1' }),
    event(oid(12), oid(2), oid(1), 'ADD_TO_CART', 2, { pageUrl: '/product/1' }),
    event(oid(13), oid(2), oid(1), 'PURCHASE', 2.5, { amount: 99.99, currency: 'USD' }),
    event('odd-e30', 'odd-s4', 'odd-user-a', 'PAGE_VIEW', 4, { pageUrl: '/', duration: 3 }),
    event('odd-e31', 'odd-s4', 'odd-user-a', 'PAGE_VIEW', 4.1, {
      pageUrl: '/product/1',
      duration: 3
    }),
    event('odd-e32', 'odd-s4', 'odd-user-a', 'ADD_TO_CART', 4.2, { pageUrl: '/product/1' }),
    event('odd-e33', 'odd-s4', 'odd-user-a', 'PURCHASE', 4.3, { amount: 1, currency: 'USD' }),
    event(5 as unknown as string, 'odd-s3', 7 as unknown as string, 'PAGE_VIEW', 3, {
      pageUrl: '/'
    }),
    event('odd-e20', 'odd-s3', 7 as unknown as string, 'PAGE_VIEW', 3, { pageUrl: '/cart' }),
    event(oid(20), 'odd-s3', 7 as unknown as string, 'PAGE_VIEW', 3, { pageUrl: '/' })
  ]
  return { users, sessions, events }
}

/** Generated demo data (plus oddities), as fresh objects: each call builds a new copy. */
export function parityCollections(options: ParityDataOptions): Collections {
  const users: UserDocument[] = []
  const sessions: SessionDocument[] = []
  const events: EventDocument[] = []
  for (const bundle of generateDemoData({
    seed: options.seed,
    events: options.events,
    idKind: options.idKind
  })) {
    users.push(bundle.user)
    sessions.push(...bundle.sessions)
    events.push(...bundle.events)
  }
  if (options.oddities) {
    const odd = oddDocuments()
    users.push(...odd.users)
    sessions.push(...odd.sessions)
    events.push(...odd.events)
  }
  return { users, sessions, events }
}

export function testContext(): CallContext {
  return { signal: new AbortController().signal, reportProgress: () => undefined }
}

/** The local engine (the reducers' engine) over its own copy of the collections. */
export async function localEngineOver(collections: Collections): Promise<LocalJourneyEngine> {
  const lines = <T>(docs: T[]) => docs.map((document, i) => ({ document, line: i + 1 }))
  const dataset = await buildLocalDataset('parity data', {
    users: lines(collections.users),
    sessions: lines(collections.sessions),
    events: lines(collections.events)
  })
  return new LocalJourneyEngine(dataset)
}

import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../shared/journeys/documents'
import { AppError } from '../../../shared/errors'
import type { CallContext } from '../../../shared/rpc/contract'
import { isObjectIdLike } from '../rules/compare-ids'
import type { IdTable } from './id-table'
import type { StringPool } from './string-pool'

/** One parsed document and the line of its file it came from (for error messages). */
export interface LoadedDocument {
  document: unknown
  line: number
}

export type DocumentSource = AsyncIterable<LoadedDocument> | Iterable<LoadedDocument>

/** The three collections of a data set, each a stream of parsed documents. */
export interface LocalDatasetSources {
  users: DocumentSource
  sessions: DocumentSource
  events: DocumentSource
}

/** Events as loaded, in file order, with their numeric columns (indexes before BSON renumbering). */
export class RawEvents {
  length = 0
  readonly docs: EventDocument[] = []
  time = new Float64Array(1024)
  user = new Int32Array(1024)
  session = new Int32Array(1024)
  type = new Int32Array(1024)
  page = new Int32Array(1024)

  push(
    doc: EventDocument,
    time: number,
    user: number,
    session: number,
    type: number,
    page: number
  ): void {
    if (this.length === this.time.length) this.grow()
    const i = this.length++
    this.docs.push(doc)
    this.time[i] = time
    this.user[i] = user
    this.session[i] = session
    this.type[i] = type
    this.page[i] = page
  }

  private grow(): void {
    const size = this.time.length * 2
    const grown = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from)
      return to
    }
    this.time = grown(this.time, new Float64Array(size))
    this.user = grown(this.user, new Int32Array(size))
    this.session = grown(this.session, new Int32Array(size))
    this.type = grown(this.type, new Int32Array(size))
    this.page = grown(this.page, new Int32Array(size))
  }
}

export interface RawDataset {
  userDocs: UserDocument[]
  /** userDocIndex[i]: load-time index of userDocs[i]. */
  userDocIndex: number[]
  sessionDocs: SessionDocument[]
  sessionDocIndex: number[]
  /** Load-time user index of each session document's `userId`. */
  sessionDocUser: number[]
  events: RawEvents
}

interface Tables {
  users: IdTable
  sessions: IdTable
  eventTypes: StringPool
  pages: StringPool
}

const CHECK_EVERY = 16_384

/** Reads and validates the three collections, filling the id tables and string pools. */
export async function readDatasetDocuments(
  sources: LocalDatasetSources,
  tables: Tables,
  context?: Partial<CallContext>
): Promise<RawDataset> {
  const { users, sessions, eventTypes, pages } = tables
  const raw: RawDataset = {
    userDocs: [],
    userDocIndex: [],
    sessionDocs: [],
    sessionDocIndex: [],
    sessionDocUser: [],
    events: new RawEvents()
  }
  const checkpoint = (collection: string, count: number): void => {
    if (count % CHECK_EVERY !== 0) return
    if (context?.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled')
    context?.reportProgress?.({ phase: `Reading ${collection}`, done: count })
  }

  await eachDocument(sources.users, ({ document: doc, line }) => {
    const user = asRecord(doc, 'users', line) as unknown as UserDocument
    const before = users.size
    const index = users.add(checkId(user._id, 'users', line, '_id'))
    if (index < before) invalid('users', line, `duplicate _id ${String(user._id)}`)
    user._id = users.ids[index] as UserDocument['_id']
    raw.userDocs.push(user)
    raw.userDocIndex.push(index)
    checkpoint('users', raw.userDocs.length)
  })

  await eachDocument(sources.sessions, ({ document: doc, line }) => {
    const session = asRecord(doc, 'sessions', line) as unknown as SessionDocument
    const before = sessions.size
    const index = sessions.add(checkId(session._id, 'sessions', line, '_id'))
    // Sessions are read before events, so an id seen before is a duplicate document.
    if (index < before) invalid('sessions', line, `duplicate _id ${String(session._id)}`)
    const user = users.add(checkId(session.userId, 'sessions', line, 'userId'))
    session._id = sessions.ids[index] as SessionDocument['_id']
    session.userId = users.ids[user] as SessionDocument['userId']
    raw.sessionDocs.push(session)
    raw.sessionDocIndex.push(index)
    raw.sessionDocUser.push(user)
    checkpoint('sessions', raw.sessionDocs.length)
  })

  const events = raw.events
  await eachDocument(sources.events, ({ document: doc, line }) => {
    const event = asRecord(doc, 'events', line) as unknown as EventDocument
    checkId(event._id, 'events', line, '_id')
    const user = users.add(checkId(event.userId, 'events', line, 'userId'))
    const session = sessions.add(checkId(event.sessionId, 'events', line, 'sessionId'))
    if (typeof event.eventType !== 'string') invalid('events', line, 'eventType must be a string')
    const timestamp: unknown = event.timestamp
    if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime())) {
      invalid('events', line, 'timestamp must be a date ({"$date": ...})')
    }
    const metadata: unknown = event.metadata
    if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null)) {
      invalid('events', line, 'metadata must be an object')
    }
    // Share one instance of each id and string among all events.
    event.userId = users.ids[user] as EventDocument['userId']
    event.sessionId = sessions.ids[session] as EventDocument['sessionId']
    const type = eventTypes.intern(event.eventType)
    event.eventType = eventTypes.values[type] as string
    let page = -1
    const url = event.metadata?.pageUrl
    if (typeof url === 'string' && event.metadata) {
      page = pages.intern(url)
      event.metadata.pageUrl = pages.values[page]
    }
    events.push(event, timestamp.getTime(), user, session, type, page)
    checkpoint('events', events.length)
  })
  return raw
}

/** Feeds each document to `use`; a plain array or iterable is read without a microtask per item. */
async function eachDocument(
  source: DocumentSource,
  use: (loaded: LoadedDocument) => void
): Promise<void> {
  if (Symbol.iterator in source) {
    for (const loaded of source) use(loaded)
    return
  }
  for await (const loaded of source) use(loaded)
}

function asRecord(doc: unknown, collection: string, line: number): Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    invalid(collection, line, 'not a document')
  }
  return doc as Record<string, unknown>
}

function checkId<T>(id: T, collection: string, line: number, field: string): T {
  const valid =
    typeof id === 'string' || isObjectIdLike(id) || (typeof id === 'number' && Number.isFinite(id))
  if (!valid) invalid(collection, line, `${field} must be a string, an ObjectId or a number`)
  return id
}

function invalid(collection: string, line: number, problem: string): never {
  throw new AppError('DATA_INVALID', `${collection}, line ${line}: ${problem}`, {
    collection,
    line
  })
}

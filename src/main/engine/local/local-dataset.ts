import type {
  DocumentId,
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../shared/journeys/documents'
import type { CallContext } from '../../../shared/rpc/contract'
import { buildEventIndex } from './event-index'
import { IdTable } from './id-table'
import { readDatasetDocuments, type LocalDatasetSources } from './read-dataset-documents'
import { StringPool } from './string-pool'

/**
 * A data set held in memory with the indexes the local engine needs. Users and sessions are every id
 * seen in their collection or referenced by an event (or, for users, by a session), numbered in BSON
 * order; the `*Docs` arrays hold the document where one exists. Events are stored once, sorted by
 * (user, timestamp, _id), with parallel numeric columns for the hot loops.
 */
export interface LocalDataset {
  /** Where it came from (a folder path), for plan notes. */
  readonly label: string
  readonly userIds: readonly DocumentId[]
  readonly userDocs: readonly (UserDocument | undefined)[]
  readonly users: IdTable
  readonly sessionIds: readonly DocumentId[]
  readonly sessionDocs: readonly (SessionDocument | undefined)[]
  readonly sessions: IdTable
  /** Session documents of user u: `userSessionList[userSessionStart[u] .. userSessionStart[u+1])`. */
  readonly userSessionStart: Int32Array
  readonly userSessionList: Int32Array
  /** Events in (user, timestamp, _id) order, and per-event columns in the same order. */
  readonly events: readonly EventDocument[]
  readonly eventTime: Float64Array
  readonly eventUser: Int32Array
  readonly eventSession: Int32Array
  readonly eventType: Int32Array
  /** Code of `metadata.pageUrl` in `pages`, or -1 when it is not a string. */
  readonly eventPage: Int32Array
  readonly eventTypes: StringPool
  readonly pages: StringPool
  /** Events of user u: `userEventStart[u] .. userEventStart[u+1]`. */
  readonly userEventStart: Int32Array
  /** Events of session s in event order: `sessionEvents[sessionEventStart[s] .. [s+1])`. */
  readonly sessionEventStart: Int32Array
  readonly sessionEvents: Int32Array
  /** Time, type and page of `sessionEvents[k]` at k (session order, for sequential reads). */
  readonly sessionEventTime: Float64Array
  readonly sessionEventType: Int32Array
  readonly sessionEventPage: Int32Array
  /** Every session index, grouped by the user of its first event. */
  readonly sessionsByUser: Int32Array
}

export type { LocalDatasetSources, LoadedDocument } from './read-dataset-documents'

/**
 * Reads users, sessions and events (each an iterable of `{ document, line }`) into a `LocalDataset`.
 * Documents are validated as they arrive; a bad one fails the load with DATA_INVALID and its line.
 */
export async function buildLocalDataset(
  label: string,
  sources: LocalDatasetSources,
  context?: Partial<CallContext>
): Promise<LocalDataset> {
  const users = new IdTable()
  const sessions = new IdTable()
  const eventTypes = new StringPool()
  const pages = new StringPool()
  const raw = await readDatasetDocuments(sources, { users, sessions, eventTypes, pages }, context)
  context?.reportProgress?.({ phase: 'Indexing events', done: 0, total: raw.events.length })

  const userRenumber = users.freeze()
  const sessionRenumber = sessions.freeze()
  const userDocs = new Array<UserDocument | undefined>(users.size).fill(undefined)
  raw.userDocs.forEach((doc, i) => {
    userDocs[userRenumber[raw.userDocIndex[i] as number] as number] = doc
  })
  const sessionDocs = new Array<SessionDocument | undefined>(sessions.size).fill(undefined)
  const sessionDocUser = new Int32Array(raw.sessionDocs.length)
  raw.sessionDocs.forEach((doc, i) => {
    sessionDocs[sessionRenumber[raw.sessionDocIndex[i] as number] as number] = doc
    sessionDocUser[i] = userRenumber[raw.sessionDocUser[i] as number] as number
  })
  const { start: userSessionStart, list: userSessionList } = groupByKey(
    users.size,
    raw.sessionDocs.length,
    (i) => sessionDocUser[i] as number,
    (i) => sessionRenumber[raw.sessionDocIndex[i] as number] as number
  )
  // Within a user, sessions in index order (BSON order of their ids) keeps loads deterministic.
  for (let u = 0; u < users.size; u++) {
    userSessionList.subarray(userSessionStart[u], userSessionStart[u + 1]).sort()
  }

  const index = buildEventIndex(
    raw.events,
    users.size,
    sessions.size,
    userRenumber,
    sessionRenumber
  )
  return {
    label,
    userIds: users.ids,
    userDocs,
    users,
    sessionIds: sessions.ids,
    sessionDocs,
    sessions,
    userSessionStart,
    userSessionList,
    eventTypes,
    pages,
    ...index
  }
}

/** Counting sort of `count` items by a key in 0..keys-1: offsets and the values in key order. */
export function groupByKey(
  keys: number,
  count: number,
  keyOf: (item: number) => number,
  valueOf: (item: number) => number
): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(keys + 1)
  for (let i = 0; i < count; i++) {
    const slot = keyOf(i) + 1
    start[slot] = (start[slot] as number) + 1
  }
  for (let k = 0; k < keys; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number)
  const next = start.slice(0, keys)
  const list = new Int32Array(count)
  for (let i = 0; i < count; i++) {
    const key = keyOf(i)
    const at = next[key] as number
    list[at] = valueOf(i)
    next[key] = at + 1
  }
  return { start, list }
}

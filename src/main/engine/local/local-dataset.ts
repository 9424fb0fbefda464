import type {
  DocumentId,
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../shared/journeys/documents'
import type { CallContext } from '../../../shared/rpc/contract'
import { ColumnarDataset } from './columnar-dataset'
import type { EventLayouts } from './event-documents'
import type { IdIndex } from './id-index'
import { loadDocumentSources, type LocalDatasetSources } from './load-document-sources'
import type { MetadataColumn } from './metadata-column'
import type { StringPool } from './string-pool'

/**
 * A data set as columns, with the indexes the local engine needs. Users and sessions are every id
 * seen in their collection or referenced by an event (or, for users, by a session), numbered in BSON
 * order. Events are sorted by (user, timestamp, _id), with parallel numeric columns for the hot
 * loops; documents are rebuilt on demand (`userDocument`, `sessionDocument`, `eventDocument`).
 * Every column is read when first used, so a query touches only what it needs (from a cache file,
 * search reads the users and never the events).
 */
export interface LocalDataset {
  /** Where it came from (a folder path), for plan notes. */
  readonly label: string
  /** What a user should know about how it was opened (cache used, rebuilt, kept elsewhere). */
  readonly notes: readonly string[]
  readonly userCount: number
  readonly sessionCount: number
  readonly eventCount: number
  readonly userIds: readonly DocumentId[]
  readonly users: IdIndex
  readonly sessionIds: readonly DocumentId[]
  readonly sessions: IdIndex
  /** Users with a document in `users`. */
  readonly userDocumentCount: number
  hasUserDocument(u: number): boolean
  userDocument(u: number): UserDocument | undefined
  /** `name` and `email` of user u when they are strings (null otherwise, or without a document). */
  readonly userNames: readonly (string | null)[]
  readonly userEmails: readonly (string | null)[]
  hasSessionDocument(s: number): boolean
  sessionDocument(s: number): SessionDocument | undefined
  /** Code in `deviceValues` of session s's `deviceInfo.browser` / `.os`; -1 if absent or not text. */
  readonly sessionBrowser: Int32Array
  readonly sessionOs: Int32Array
  readonly deviceValues: readonly string[]
  /** Session documents of user u: `userSessionList[userSessionStart[u] .. userSessionStart[u+1])`. */
  readonly userSessionStart: Int32Array
  readonly userSessionList: Int32Array
  /** The event at position i (in (user, timestamp, _id) order), rebuilt with all its fields. */
  eventDocument(i: number): EventDocument
  /** The columns that lay out event documents (shapes, ids, extras), for reading without one. */
  eventLayouts(): EventLayouts
  /** Per-event columns in event order. */
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
  /** The metadata keys of the events (strings `pageUrl` values live in `eventPage`). */
  readonly metadataKeys: readonly string[]
  /** The column of `metadata.<key>` (see `metadataValue` for reading one event's value). */
  metadataColumn(key: string): MetadataColumn | null
  /** `metadata.<key>` of event i exactly as stored (undefined when absent). */
  metadataValue(key: string, i: number): unknown
  /**
   * Per event (in event order): 1 when its metadata holds every pair exactly (`===`, as
   * `compileMetadataFilter`), else 0.
   */
  metadataMatches(pairs: readonly { key: string; value: string | number | boolean }[]): Uint8Array
}

export type { LocalDatasetSources, LoadedDocument } from './load-document-sources'

/**
 * Reads users, sessions and events (each an iterable of `{ document, line }`) into a `LocalDataset`.
 * Documents are validated as they arrive; a bad one fails the load with DATA_INVALID and its line.
 */
export async function buildLocalDataset(
  label: string,
  sources: LocalDatasetSources,
  context?: Partial<CallContext>
): Promise<LocalDataset> {
  const columns = await loadDocumentSources(sources, context)
  return new ColumnarDataset(label, columns)
}

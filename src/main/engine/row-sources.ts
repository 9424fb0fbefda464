import type { DocumentId } from '../../shared/journeys/documents'
import type {
  DateRange,
  FlowUsersQuery,
  FunnelUsersQuery
} from '../../shared/journeys/query-schemas'
import type { CallContext } from '../../shared/rpc/contract'
import type { EngineQuery } from './rules/engine-query'

/**
 * Rows read one at a time, for exports: an async iterable that reads from the database (or the
 * local data set) only as fast as it is consumed, and closes its cursor when the consumer stops
 * early (cancel, failure). `notes` gains the caveats found while reading (users whose events were
 * capped, say); it is complete once the rows have ended.
 */
export interface RowStream<T> {
  readonly rows: AsyncIterable<T>
  readonly notes: string[]
}

/** One event of a customer, with the device of its session. */
export interface CustomerEventRow {
  eventId: DocumentId
  sessionId: DocumentId
  timestamp: Date
  eventType: string
  /** `metadata.pageUrl`, `.duration`, `.amount` and `.currency` as stored (any type, or absent). */
  pageUrl: unknown
  duration: unknown
  amount: unknown
  currency: unknown
  browser: unknown
  os: unknown
}

/** One session document of a customer, with counts of the customer's events in it. */
export interface CustomerSessionRow {
  sessionId: DocumentId
  startTime: unknown
  endTime: unknown
  browser: unknown
  os: unknown
  ipAddress: unknown
  events: number
  pageViews: number
  purchases: number
}

/** One user of a funnel step: the furthest step, the step times (epoch ms) and the entry session. */
export interface FunnelUserRow {
  userId: DocumentId
  furthest: number
  times: number[]
  entrySessionId: DocumentId | null
}

/** One user behind a flows node or edge, with their sessions through it. */
export interface FlowUserRow {
  userId: DocumentId
  sessionIds: DocumentId[]
}

/** One user document matching a customer search (fields as stored). */
export interface CustomerRow {
  userId: DocumentId
  name: unknown
  email: unknown
  createdAt: unknown
  lastActiveAt: unknown
}

export type RawCollection = 'users' | 'sessions' | 'events'

/** A raw collection in a range of its date field (`createdAt`, `startTime`, `timestamp`). */
export interface DocumentsQuery {
  collection: RawCollection
  range: DateRange
}

/** A code of `ColumnCells.codes`: the row has no value there (an empty cell). */
export const CELL_ABSENT = -1
/** A code of `ColumnCells.codes`: the row's value is `values[row]`. */
export const CELL_IN_VALUES = -2

/**
 * One column of a batch of rows: a code per row into `pool` (values that repeat, such as ids,
 * pages or event types; the pool is the same array in every batch, so a consumer can format each
 * pooled value once), or CELL_ABSENT, or CELL_IN_VALUES for a value of its own in `values`.
 */
export interface ColumnCells {
  readonly codes: Int32Array
  readonly pool: readonly unknown[]
  readonly values: readonly unknown[]
}

/** Raw documents as columns, a batch of rows at a time (see `JourneyRowSources.documentBatches`). */
export interface DocumentBatch {
  readonly length: number
  /** One per path asked for, in that order. */
  readonly columns: readonly ColumnCells[]
  /**
   * Per row, the leaf paths of its document (as `forEachLeafPath` walks them), one array shared
   * by the rows of a shape; null for a row given whole in `documents`.
   */
  readonly leafPaths: readonly (readonly string[] | null)[]
  /** Rows the columns cannot carry (fields no column holds), whole, in row order; absent in `columns`. */
  readonly documents: readonly { row: number; document: Record<string, unknown> }[]
}

/** Batches of documents, with the caveats found while reading (complete once they have ended). */
export interface DocumentBatches {
  readonly batches: AsyncIterable<DocumentBatch>
  readonly notes: string[]
}

/**
 * Raw documents a page at a time (a cursor's own batches, read with the driver's `raw` option:
 * each document its BSON bytes, no JS object built), with the caveats found while reading
 * (complete once the pages have ended).
 */
export interface DocumentPages {
  readonly pages: AsyncIterable<readonly Uint8Array[]>
  /** A document's bytes (or any BSON document's) as the cursor would have given it without `raw`. */
  readonly deserialize: (bytes: Uint8Array) => Record<string, unknown>
  readonly notes: string[]
}

/** The funnel-users query without paging: every user of the step. */
export type FunnelUsersRowsQuery = EngineQuery<Omit<FunnelUsersQuery, 'page'>>
/** The flow-users query without paging. */
export type FlowUsersRowsQuery = EngineQuery<Omit<FlowUsersQuery, 'users'>>

/**
 * The streaming side of an engine, next to its array results: every row of a result, whatever
 * their number, with memory bounded by one batch (or one user). Rows follow the same semantics as
 * the array queries (docs/query-semantics.md, "Exports").
 */
export interface JourneyRowSources {
  /** Every event whose `userId` is the customer's, in event order. NOT_FOUND without a user. */
  customerEvents(userId: string, context: CallContext): Promise<RowStream<CustomerEventRow>>
  /** The customer's session documents, newest first. NOT_FOUND without a user. */
  customerSessions(userId: string, context: CallContext): Promise<RowStream<CustomerSessionRow>>
  /** Every user who reached, or dropped off at, the step (no page, no cap). */
  funnelUsers(query: FunnelUsersRowsQuery, context: CallContext): Promise<RowStream<FunnelUserRow>>
  /** Every user matching the search text, in user id order. */
  customers(text: string, context: CallContext): Promise<RowStream<CustomerRow>>
  /** Raw documents of a collection whose date field is in the range. */
  documents(
    query: DocumentsQuery,
    context: CallContext
  ): Promise<RowStream<Record<string, unknown>>>
  /**
   * Optional fast path of `documents` for an engine that holds its data as columns (the local
   * one): the same rows in the same order, as batches of the values at `paths` (read as
   * `compilePathReader` reads a path). Null when it cannot serve this query or one of the paths.
   */
  documentBatches?(
    query: DocumentsQuery,
    paths: readonly string[],
    context: CallContext
  ): Promise<DocumentBatches | null>
  /**
   * Optional page-at-a-time form of `documents` (a server's cursor batches, as raw BSON): the same
   * rows in the same order, so an export can take its columns from the first pages instead of a
   * separate sample read, and write a whole page straight from the bytes instead of handing JS
   * objects over one by one.
   */
  documentPages?(query: DocumentsQuery, context: CallContext): Promise<DocumentPages>
  /** The first `limit` documents `documents` would give, to find the columns. */
  sampleDocuments(
    query: DocumentsQuery,
    limit: number,
    context: CallContext
  ): Promise<Record<string, unknown>[]>
}

/** Rows already in memory (bounded by the query) as an async iterable. */
export function arrayRows<T>(rows: readonly T[]): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      let next = 0
      return {
        next: () =>
          Promise.resolve(
            next < rows.length
              ? { value: rows[next++] as T, done: false as const }
              : { value: undefined, done: true as const }
          )
      }
    }
  }
}

/** A row stream over a generator that may add notes while it runs. */
export function rowStream<T>(
  produce: (notes: string[]) => AsyncGenerator<T, void, undefined>
): RowStream<T> {
  const notes: string[] = []
  return { rows: produce(notes), notes }
}

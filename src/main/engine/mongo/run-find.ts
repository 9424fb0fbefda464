import type { AbstractCursor, Db, Document } from 'mongodb'
import { AppError } from '../../../shared/errors'
import type { CallContext } from '../../../shared/rpc/contract'
import type { FindSpec } from './find-specs'
import { toAppError } from '../../errors/to-app-error'

export interface CursorOptions {
  /** Documents per round trip; a few thousand keeps latency low and memory flat. */
  batchSize: number
  /** Server-side limit for the whole cursor (every getMore counts). */
  maxTimeMS: number
}

export const DEFAULT_CURSOR_OPTIONS: CursorOptions = { batchSize: 5000, maxTimeMS: 600_000 }

/**
 * Reads a cursor batch by batch and hands each document to `onDocument` synchronously (one await
 * per batch, not per document). Reports progress per batch under `phase`. Cancelling closes the
 * cursor (and the driver aborts a round trip in flight) and throws CANCELLED.
 */
export async function drainCursor<T extends Document>(
  cursor: AbstractCursor<T>,
  context: CallContext,
  phase: string,
  onDocument: (document: T) => void
): Promise<number> {
  const { signal } = context
  // A function, so the compiler does not assume `aborted` keeps the value it had at the start.
  const aborted = (): boolean => signal.aborted
  if (aborted()) throw cancelled()
  const onAbort = (): void => {
    cursor.close().catch(() => undefined)
  }
  signal.addEventListener('abort', onAbort, { once: true })
  let read = 0
  try {
    while (await cursor.hasNext()) {
      if (aborted()) throw cancelled()
      const batch = cursor.readBufferedDocuments()
      for (const document of batch) onDocument(document)
      read += batch.length
      context.reportProgress({ phase, done: read })
    }
  } catch (error) {
    throw toAppError(error, { signal })
  } finally {
    signal.removeEventListener('abort', onAbort)
    await cursor.close().catch(() => undefined)
  }
  // A closed cursor ends quietly: an abort during the last round trip must still fail the call.
  if (aborted()) throw cancelled()
  return read
}

/** Opens a find as the spec says, with the engine's cursor options and the call's signal. */
export function openFind(
  db: Db,
  spec: FindSpec,
  options: CursorOptions,
  signal: AbortSignal
): AbstractCursor<Document> {
  const cursor = db.collection(spec.collection).find(spec.filter, {
    batchSize: options.batchSize,
    maxTimeMS: options.maxTimeMS,
    signal
  })
  if (spec.projection) cursor.project(spec.projection)
  if (spec.sort) cursor.sort(spec.sort)
  return cursor
}

/**
 * Runs a find to the end, handing every document to `onDocument`; returns how many were read.
 * `T` is what the caller knows the documents to be (the driver does not check it).
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed callback
export function streamFind<T extends Document>(
  db: Db,
  spec: FindSpec,
  options: CursorOptions,
  context: CallContext,
  phase: string,
  onDocument: (document: T) => void
): Promise<number> {
  const cursor = openFind(db, spec, options, context.signal) as AbstractCursor<T>
  return drainCursor(cursor, context, phase, onDocument)
}

/** A find's documents as an array: for lookups whose size is bounded (one customer). */
export async function findAll<T extends Document>(
  db: Db,
  spec: FindSpec,
  options: CursorOptions,
  context: CallContext,
  phase: string
): Promise<T[]> {
  const documents: T[] = []
  await streamFind<T>(db, spec, options, context, phase, (document) => documents.push(document))
  return documents
}

export function cancelled(): AppError {
  return new AppError('CANCELLED', 'The query was cancelled.')
}

import type { AbstractCursor, Db, Document, ReadPreference } from 'mongodb'
import { AppError } from '../../../shared/errors'
import type { CallContext } from '../../../shared/rpc/contract'
import type { TimeLimit } from '../../errors/map-driver-error'
import { toAppError } from '../../errors/to-app-error'
import type { FindSpec } from './find-specs'

export interface CursorOptions {
  /** Documents per round trip; a few thousand keeps latency low and memory flat. */
  batchSize: number
  /** Server-side limit for the whole cursor (every getMore counts). */
  maxTimeMS: number
  /** What the limit is called and how to raise it, for the time-out message. */
  timeLimit?: TimeLimit
  /** Where reads go (the connection's setting); the connection string's when absent. */
  readPreference?: ReadPreference
  /** Let a server that sorts spill to disk (MongoDB); others ignore it. */
  allowDiskUse?: boolean
  /** The hosts read from (never the URI), named when the connection fails under the cursor. */
  target?: string
}

/** What an error message may name: the time limit hit, the hosts that stopped answering. */
export type ErrorNaming = Pick<CursorOptions, 'timeLimit' | 'target'>

export const DEFAULT_CURSOR_OPTIONS: CursorOptions = { batchSize: 5000, maxTimeMS: 600_000 }

/** Opens a cursor with the AbortSignal the driver should honour (see `drainCursor`). */
export type OpenCursor<T> = (driverSignal: AbortSignal) => AbstractCursor<T>

/**
 * Reads a cursor batch by batch and hands each document to `onDocument` synchronously (one await
 * per batch, not per document). Reports progress per batch under `phase`.
 *
 * Cancelling really stops work, and the call returns CANCELLED at once, whatever the server does:
 * - while the first round trip is in flight (a server that sorts in memory may take long to answer
 *   it), the driver aborts it, closing its connection, so the server drops the operation;
 * - afterwards, the cursor is closed with `killCursors`, once any getMore in flight has returned (the
 *   driver does not send `killCursors` for a cursor whose own signal was aborted, so the call's
 *   signal is never handed to the driver once the cursor exists).
 */
export async function drainCursor<T extends Document>(
  open: OpenCursor<T>,
  context: CallContext,
  phase: string,
  onDocument: (document: T) => void,
  naming: ErrorNaming = {}
): Promise<number> {
  const { signal } = context
  // A function, so the compiler does not assume `aborted` keeps the value it had at the start.
  const aborted = (): boolean => signal.aborted
  if (aborted()) throw cancelled()
  const driverAbort = new AbortController()
  const cursor = open(driverAbort.signal)
  let inFlight: Promise<unknown> | null = null
  let closing: Promise<void> | null = null
  const closeCursor = (): Promise<void> => {
    // After the round trip in flight, so `killCursors` follows the last getMore; with none in
    // flight, at once: the driver marks the cursor closed before the loop could ask for more.
    const pending = inFlight
    closing ??= (
      pending ? pending.catch(() => undefined).then(() => cursor.close()) : cursor.close()
    ).catch(() => undefined)
    return closing
  }
  let stop: (error: AppError) => void = () => undefined
  const stopped = new Promise<never>((_resolve, reject) => {
    stop = reject
  })
  stopped.catch(() => undefined)
  const onAbort = (): void => {
    // No cursor on the server yet: abort the first round trip itself.
    if (cursor.id === undefined) driverAbort.abort()
    void closeCursor()
    stop(cancelled())
  }
  signal.addEventListener('abort', onAbort, { once: true })
  let read = 0
  try {
    for (;;) {
      // A cancel from a progress callback: no getMore after it.
      if (aborted()) throw cancelled()
      inFlight = cursor.hasNext()
      const more = await Promise.race([inFlight, stopped])
      inFlight = null
      if (!more) break
      if (aborted()) throw cancelled()
      const batch = cursor.readBufferedDocuments()
      for (const document of batch) onDocument(document)
      read += batch.length
      context.reportProgress({ phase, done: read })
    }
  } catch (error) {
    throw toAppError(error, { signal, ...errorContextOf(naming) })
  } finally {
    signal.removeEventListener('abort', onAbort)
    void closeCursor()
  }
  if (aborted()) throw cancelled()
  return read
}

/** The parts of `toAppError`'s context a cursor's options give. */
export function errorContextOf(naming: ErrorNaming): { timeLimit?: TimeLimit; target?: string } {
  return {
    ...(naming.timeLimit ? { timeLimit: naming.timeLimit } : {}),
    ...(naming.target ? { target: naming.target } : {})
  }
}

/** Opens a find as the spec says, with the engine's cursor options. */
export function openFind(db: Db, spec: FindSpec, options: CursorOptions): OpenCursor<Document> {
  return (driverSignal) => {
    const cursor = db.collection(spec.collection).find(spec.filter, {
      ...driverOptions(options),
      ...(options.allowDiskUse && spec.sort ? { allowDiskUse: true } : {}),
      signal: driverSignal
    })
    if (spec.projection) cursor.project(spec.projection)
    if (spec.sort) cursor.sort(spec.sort)
    return cursor
  }
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
  return drainCursor(
    openFind(db, spec, options) as OpenCursor<T>,
    context,
    phase,
    onDocument,
    options
  )
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

/** The driver options every cursor of these options carries (time limit, batch, where to read). */
export function driverOptions(options: CursorOptions): {
  batchSize: number
  maxTimeMS: number
  readPreference?: ReadPreference
} {
  return {
    batchSize: options.batchSize,
    maxTimeMS: options.maxTimeMS,
    ...(options.readPreference ? { readPreference: options.readPreference } : {})
  }
}

/** Finds this many at once at most: each holds a pooled connection while it runs. */
const FIND_CONCURRENCY = 4

/**
 * Several bounded finds, a few at a time, each read to the end: the documents of each, in the
 * order of `specs`. For servers that push only plain equality down, where one `$or` or `$in`
 * becomes one equality find per value.
 */
export async function findEach<T extends Document>(
  db: Db,
  specs: readonly FindSpec[],
  options: CursorOptions,
  context: CallContext,
  phase: string
): Promise<T[][]> {
  const results: T[][] = specs.map(() => [])
  let next = 0
  let failed = false
  const worker = async (): Promise<void> => {
    while (next < specs.length && !failed) {
      const index = next++
      try {
        results[index] = await findAll<T>(db, specs[index] as FindSpec, options, context, phase)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(FIND_CONCURRENCY, specs.length) }, worker))
  return results
}

/** Waits for a shared promise, but lets this caller leave when its signal aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelled())
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(cancelled())
    }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort)
    })
  })
}

export function cancelled(): AppError {
  return new AppError('CANCELLED', 'The query was cancelled.')
}

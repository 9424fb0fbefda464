import type { AbstractCursor, Db, Document } from 'mongodb'
import { AppError } from '../../../shared/errors'
import type { QueryPlanStep } from '../../../shared/journeys/results'
import { toAppError } from '../../errors/to-app-error'
import { readAhead } from '../read-ahead'
import { cancelled, driverOptions, type CursorOptions } from './run-find'

/** How a spec's cursor reads, besides the cursor options. */
export interface SpecCursorReading {
  /**
   * The driver aborts a round trip in flight when it fires (for queries read to the end); without
   * one, the reader closes the cursor itself (`cursorBatches`).
   */
  signal?: AbortSignal
  /** Documents as their BSON bytes (`Buffer`s into the reply), no JS object built. */
  raw?: boolean
}

/**
 * Opens the cursor of an `aggregate` or `find` spec (a plan step, as the builders return them) with
 * the cursor options (see `SpecCursorReading` for the rest).
 */
export function openSpecCursor<T extends Document>(
  db: Db,
  spec: QueryPlanStep,
  options: CursorOptions,
  { signal, raw }: SpecCursorReading = {}
): AbstractCursor<T> {
  const collection = db.collection(spec.collection)
  // The time limit and the read preference of the query's kind (see query-limits).
  const common = {
    ...driverOptions(options),
    ...(signal ? { signal } : {}),
    ...(raw === true ? { raw } : {})
  }
  if (spec.operation === 'aggregate') {
    return collection.aggregate<T>(spec.pipeline ?? [], { ...common, allowDiskUse: true })
  }
  if (spec.operation === 'find') {
    const diskUse = options.allowDiskUse && spec.sort ? { allowDiskUse: true } : {}
    const cursor = collection.find<T>(spec.filter ?? {}, { ...common, ...diskUse })
    if (spec.projection) cursor.project(spec.projection)
    if (spec.sort) cursor.sort(spec.sort as Document)
    const limit = (spec as { limit?: unknown }).limit
    if (typeof limit === 'number') cursor.limit(limit)
    return cursor
  }
  throw new AppError('INTERNAL', `Not a cursor operation: ${spec.operation}`)
}

/** Batches fetched ahead of the consumer (see `readAhead`): one getMore overlaps the writing. */
const READ_AHEAD_BATCHES = 1

/**
 * A cursor's documents one batch at a time, the next batch fetched while the consumer works on the
 * current one (at most `READ_AHEAD_BATCHES` ahead, so memory stays bounded and a slow consumer
 * still holds the cursor back). The cursor is closed however the loop ends (see `cursorRoundTrips`).
 */
export function cursorBatches<T extends Document>(
  cursor: AbstractCursor<T>,
  signal: AbortSignal
): AsyncGenerator<T[], void, undefined> {
  return readAhead(cursorRoundTrips(cursor, signal), READ_AHEAD_BATCHES)
}

/**
 * A cursor's documents one batch at a time (the batch the driver holds, no copy), one round trip
 * per batch asked for. The cursor is closed however the loop ends: exhausted, failed, stopped by
 * the consumer (`return()`, which `stream.pipeline` calls on cancel) or aborted, so the server frees
 * it. Open the cursor WITHOUT the driver's signal: a driver abort drops the cursor on the client
 * and never sends `killCursors`, leaving it open on the server until it times out; closing it here
 * sends `killCursors`. Driver errors come out as the app's errors; an abort as CANCELLED.
 */
async function* cursorRoundTrips<T extends Document>(
  cursor: AbstractCursor<T>,
  signal: AbortSignal
): AsyncGenerator<T[], void, undefined> {
  // A function, so the compiler does not assume `aborted` keeps the value it had at the start.
  const aborted = (): boolean => signal.aborted
  // One close, awaited in `finally`: so `killCursors` has reached the server before the reader
  // hears that the rows ended.
  let closing: Promise<void> | null = null
  const close = (): Promise<void> => (closing ??= cursor.close().catch(() => undefined))
  // An abort while the consumer holds a batch closes the cursor at once. An abort during a round
  // trip waits for its reply (the loop then closes): closing under a getMore in flight races the
  // driver, whose reply handling can end the session before `killCursors` is sent.
  let reading = false
  const onAbort = (): void => {
    if (!reading) void close()
  }
  signal.addEventListener('abort', onAbort, { once: true })
  const hasNext = async (): Promise<boolean> => {
    reading = true
    try {
      return await cursor.hasNext()
    } finally {
      reading = false
    }
  }
  try {
    if (aborted()) throw cancelled()
    while (await hasNext()) {
      if (aborted()) throw cancelled()
      yield cursor.readBufferedDocuments()
    }
    // A closed cursor ends quietly: an abort during the last round trip must still fail the read.
    if (aborted()) throw cancelled()
  } catch (error) {
    throw toAppError(error, { signal })
  } finally {
    signal.removeEventListener('abort', onAbort)
    await close()
  }
}

/** A cursor's documents one at a time (see `cursorBatches`). */
export async function* cursorDocuments<T extends Document>(
  cursor: AbstractCursor<T>,
  signal: AbortSignal
): AsyncGenerator<T, void, undefined> {
  for await (const batch of cursorBatches(cursor, signal)) yield* batch
}

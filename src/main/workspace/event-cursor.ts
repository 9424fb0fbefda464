import type { Db, Document, Filter } from 'mongodb'
import type { EventDocument } from '../../shared/journeys/documents'
import { compareEventOrder } from '../engine/rules/event-order'
import type { HighWaterMark } from './workspace-manifest'

export interface EventRange {
  from?: Date
  to?: Date
}

/** The find that reads a range's events after a mark: what extract and refresh run. */
export function eventsAfterFilter(
  range: EventRange,
  after: HighWaterMark | null
): Filter<Document> {
  const from = after ? after.timestamp : range.from
  const timestamp: Document = {}
  if (from) timestamp.$gte = from
  if (range.to) timestamp.$lt = range.to
  return Object.keys(timestamp).length > 0 ? { timestamp } : {}
}

export const EVENT_ORDER_SORT = { timestamp: 1, _id: 1 } as const

/** Events per round trip of an extract's or refresh's cursor (the benchmark drains with it too). */
export const EVENT_CURSOR_BATCH_SIZE = 5000

/**
 * The events of a range after a mark, in event order `(timestamp, _id)`, one server batch at a
 * time. The server is asked for `timestamp >= mark` only (an `_id` bound would compare within one
 * BSON type only, and `$or` is not pushed down by FerretDB-class servers); events at the mark's
 * instant that are not after it are skipped here, in BSON order, so nothing is read twice or missed.
 *
 * One batch is read ahead: the next batch is asked for when a batch is handed out, so the server
 * reads it while the caller writes this one (no more than that: the one after is asked for only
 * when the caller comes back). Stopping, or an abort, waits for that read and closes the cursor.
 */
export async function* eventBatchesAfter(
  db: Db,
  range: EventRange,
  after: HighWaterMark | null,
  options: { batchSize?: number; signal?: AbortSignal } = {}
): AsyncGenerator<EventDocument[]> {
  const cursor = db
    .collection('events')
    .find(eventsAfterFilter(range, after), {
      batchSize: options.batchSize ?? EVENT_CURSOR_BATCH_SIZE
    })
    .sort(EVENT_ORDER_SORT)
  const nextBatch = async (): Promise<Document[]> =>
    (await cursor.hasNext()) ? cursor.readBufferedDocuments() : []
  const afterTime = after ? after.timestamp.getTime() : 0
  let ahead: Promise<Document[]> | null = nextBatch()
  try {
    for (;;) {
      const documents: Document[] = await ahead
      ahead = null
      if (documents.length === 0 || options.signal?.aborted) return
      ahead = nextBatch()
      // Awaited in the loop or in `finally`; this keeps a failure while the caller is busy from
      // counting as unhandled in between.
      ahead.catch(() => undefined)
      const events: EventDocument[] = []
      for (const document of documents) {
        const event = document as unknown as EventDocument
        if (after) {
          if (!(event.timestamp instanceof Date)) continue
          const order = compareEventOrder(event.timestamp.getTime(), event._id, afterTime, after.id)
          if (order <= 0) continue
        }
        events.push(event)
      }
      if (events.length > 0) yield events
    }
  } finally {
    if (ahead) await ahead.catch(() => undefined)
    await cursor.close()
  }
}

/** `eventBatchesAfter` one event at a time. */
export async function* eventsAfter(
  db: Db,
  range: EventRange,
  after: HighWaterMark | null,
  options: { batchSize?: number; signal?: AbortSignal } = {}
): AsyncGenerator<EventDocument> {
  for await (const batch of eventBatchesAfter(db, range, after, options)) {
    for (const event of batch) {
      if (options.signal?.aborted) return
      yield event
    }
  }
}

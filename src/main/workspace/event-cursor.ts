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
 * The events of a range after a mark, in event order `(timestamp, _id)`. The server is asked for
 * `timestamp >= mark` only (an `_id` bound would compare within one BSON type only, and `$or` is
 * not pushed down by FerretDB-class servers); events at the mark's instant that are not after it
 * are skipped here, in BSON order, so nothing is read twice or missed.
 */
export async function* eventsAfter(
  db: Db,
  range: EventRange,
  after: HighWaterMark | null,
  options: { batchSize?: number; signal?: AbortSignal } = {}
): AsyncGenerator<EventDocument> {
  const cursor = db
    .collection('events')
    .find(eventsAfterFilter(range, after), {
      batchSize: options.batchSize ?? EVENT_CURSOR_BATCH_SIZE
    })
    .sort(EVENT_ORDER_SORT)
  const afterTime = after ? after.timestamp.getTime() : 0
  try {
    for await (const document of cursor) {
      if (options.signal?.aborted) return
      const event = document as unknown as EventDocument
      if (after && !(event.timestamp instanceof Date)) continue
      if (
        after &&
        compareEventOrder(event.timestamp.getTime(), event._id, afterTime, after.id) <= 0
      ) {
        continue
      }
      yield event
    }
  } finally {
    await cursor.close()
  }
}

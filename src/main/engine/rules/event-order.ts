import type { EventDocument } from '../../../shared/journeys/documents'
import { compareIds } from './compare-ids'

/** Event order: timestamp ascending, then `_id` in BSON order. Times are epoch milliseconds. */
export function compareEventOrder(
  timeA: number,
  idA: unknown,
  timeB: number,
  idB: unknown
): number {
  if (timeA !== timeB) return timeA < timeB ? -1 : 1
  return compareIds(idA, idB)
}

/** Event order of two event documents. */
export function compareEvents(a: EventDocument, b: EventDocument): number {
  return compareEventOrder(a.timestamp.getTime(), a._id, b.timestamp.getTime(), b._id)
}

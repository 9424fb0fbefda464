import type { Document } from 'mongodb'
import type { DocumentId } from '../../../shared/journeys/documents'
import type { DocumentsQuery } from '../row-sources'
import { COLLECTION_RANGE_FIELDS } from '../../../shared/export/export-request'
import { customerSearchFilter } from '../pipelines/customer-search'
import { EVENTS_BY_USER_INDEX, type FindSpec } from './find-specs'

/*
 * The finds behind the exports' row sources. Each is a plain equality or range filter with an
 * index-backed sort, so FerretDB-class servers push it down and every server streams it.
 */

/** Every event whose `userId` is the customer's, in event order (the `{userId, timestamp}` index). */
export function customerOwnEventsFind(userId: DocumentId, projection?: Document): FindSpec {
  const spec: FindSpec = {
    collection: 'events',
    filter: { userId },
    sort: { timestamp: 1, _id: 1 },
    index: EVENTS_BY_USER_INDEX
  }
  if (projection) spec.projection = projection
  return spec
}

/** Every user matching a search text, in `_id` order. */
export function customerMatchesFind(text: string): FindSpec {
  return {
    collection: 'users',
    filter: customerSearchFilter(text),
    projection: { _id: 1, name: 1, email: 1, createdAt: 1, lastActiveAt: 1 },
    sort: { _id: 1 },
    index: '_id_'
  }
}

/** A raw collection's documents whose date field is in the range, in the server's order. */
export function documentsFind(query: DocumentsQuery): FindSpec {
  const bounds: Document = {}
  if (query.range.from) bounds.$gte = query.range.from
  if (query.range.to) bounds.$lt = query.range.to
  const filter =
    Object.keys(bounds).length === 0 ? {} : { [COLLECTION_RANGE_FIELDS[query.collection]]: bounds }
  return { collection: query.collection, filter }
}

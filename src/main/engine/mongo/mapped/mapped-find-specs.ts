import type { Document } from 'mongodb'
import type { DocumentId } from '../../../../shared/journeys/documents'
import type { FieldMapping } from '../../../../shared/mapping/field-mapping'
import { idCandidates } from '../../pipelines/customer-search'
import type { FindSpec } from '../find-specs'

/*
 * The finds of a source read through a field mapping (docs/query-semantics.md, "Field mapping"):
 * in the data's own collection and field names. Their filters are only equalities on the mapped
 * ids: times may be strings or epoch numbers and sessions may have to be derived from all of a
 * user's events, so the range, the event names and the segment are applied in the app after the
 * events are read into the seed's shape (normaliseEvent), by the same reducers as every strategy.
 */

/**
 * A projection of the mapped paths, without a path under another one (MongoDB refuses
 * `{ properties: 1, 'properties.path': 1 }` as a path collision).
 */
export function mappedProjection(paths: readonly (string | null)[]): Document {
  const wanted = [...new Set(paths.filter((path): path is string => path !== null))].sort()
  const projection: Document = {}
  const kept: string[] = []
  for (const path of wanted) {
    if (kept.some((parent) => path.startsWith(`${parent}.`))) continue
    kept.push(path)
    projection[path] = 1
  }
  // `_id` is always sent unless excluded; keep it only when the mapping reads it.
  if (!('_id' in projection)) projection._id = 0
  return projection
}

/** Every role of the events collection, for a projection. */
function eventPaths(mapping: FieldMapping): (string | null)[] {
  const { collection: _collection, ...roles } = mapping.events
  return Object.values(roles)
}

/**
 * Every event, user by user: the server sorts on the mapped user id (an index on it serves the
 * sort); each user's events are put in event order in the app, once their times are read.
 */
export function mappedEventsByUserFind(mapping: FieldMapping): FindSpec {
  const userId = mapping.events.userId
  return {
    collection: mapping.events.collection,
    filter: {},
    projection: mappedProjection(eventPaths(mapping)),
    sort: { [userId]: 1 },
    index: `${userId}_1`
  }
}

/** Every mapped session (only when the mapping names a sessions collection). */
export function mappedSessionsFind(sessions: NonNullable<FieldMapping['sessions']>): FindSpec {
  const { collection, ...roles } = sessions
  return { collection, filter: {}, projection: mappedProjection(Object.values(roles)) }
}

/**
 * The raw values a typed id can be stored as: the text, the ObjectId it spells, and the number it
 * spells (numbers are read as their text, so `42` is the customer `"42"`).
 */
export function rawIdCandidates(text: string): (DocumentId | number)[] {
  const candidates: (DocumentId | number)[] = idCandidates(text)
  if (/^-?\d{1,15}$/.test(text)) candidates.push(Number(text))
  return candidates
}

/** One equality find per raw value of an id on a mapped field (servers push equality down). */
export function mappedEqualityFinds(
  collection: string,
  field: string,
  values: readonly unknown[],
  projection?: Document
): FindSpec[] {
  return values.map((value) => ({
    collection,
    filter: { [field]: value },
    ...(projection ? { projection } : {}),
    index: `${field}_1`
  }))
}

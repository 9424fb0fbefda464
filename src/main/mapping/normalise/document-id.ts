import { ObjectId } from 'bson'
import type { DocumentId } from '../../../shared/journeys/documents'

/** An id as the seed stores ids: strings and ObjectIds as they are, numbers as text; else null. */
export function documentId(value: unknown): DocumentId | null {
  if (typeof value === 'string' && value.length > 0) return value
  if (value instanceof ObjectId) return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

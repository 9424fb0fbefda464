import type { DocumentId, EventDocument } from '../../../shared/journeys/documents'
import { EVENT_TYPES } from '../../../shared/journeys/documents'
import type { FieldMapping } from '../../../shared/mapping/field-mapping'
import { pagePath, timestampMillis } from '../mapped-values'
import { readFieldPath } from '../read-field-path'
import { documentId } from './document-id'

/** One event in the seed's shape, with the device fields a derived session takes from it. */
export interface NormalisedEvent {
  event: Omit<EventDocument, 'sessionId'> & { sessionId: DocumentId | null }
  browser: string | null
  os: string | null
  ipAddress: string | null
}

/**
 * An event of any shape in the seed's shape, through the mapping: the page-view and purchase names
 * become `PAGE_VIEW` and `PURCHASE` (other names stay the data's own), the time a Date, the page a
 * path, and `metadata` the mapped properties without the fields other roles read, plus `pageUrl`,
 * `duration`, `amount` and `currency`. Null when the event has no user, name or readable time.
 */
export function normaliseEvent(document: unknown, mapping: FieldMapping): NormalisedEvent | null {
  const fields = mapping.events
  const id = documentId(readFieldPath(document, fields.id))
  const userId = documentId(readFieldPath(document, fields.userId))
  const name = readFieldPath(document, fields.eventName)
  const millis = timestampMillis(readFieldPath(document, fields.timestamp))
  if (id === null || userId === null || typeof name !== 'string' || millis === null) return null
  const sessionId =
    fields.sessionId === null ? null : documentId(readFieldPath(document, fields.sessionId))
  const eventType =
    name === mapping.eventNames.pageView
      ? EVENT_TYPES.pageView
      : name === mapping.eventNames.purchase
        ? EVENT_TYPES.purchase
        : name
  const metadata = propertiesWithoutRoles(document, mapping)
  const page =
    fields.pageUrl === null
      ? null
      : pagePath(readFieldPath(document, fields.pageUrl), mapping.keepQueryString)
  if (page !== null) metadata.pageUrl = page
  for (const role of ['duration', 'amount', 'currency'] as const) {
    const path = fields[role]
    const value = path === null ? undefined : readFieldPath(document, path)
    if (value !== undefined && value !== null) metadata[role] = value
  }
  return {
    event: {
      _id: id,
      sessionId,
      userId,
      eventType,
      timestamp: new Date(millis),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {})
    },
    browser: textAt(document, fields.browser),
    os: textAt(document, fields.os),
    ipAddress: textAt(document, fields.ipAddress)
  }
}

/** The mapped properties object, without any key another role of the mapping reads. */
function propertiesWithoutRoles(document: unknown, mapping: FieldMapping): Record<string, unknown> {
  const fields = mapping.events
  if (fields.properties === null) return {}
  const properties = readFieldPath(document, fields.properties)
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return {}
  const prefix = `${fields.properties}.`
  const taken = new Set(
    Object.entries(fields)
      .filter(([role]) => role !== 'properties' && role !== 'collection')
      .map(([, path]) => path)
      .filter((path): path is string => typeof path === 'string' && path.startsWith(prefix))
      .map((path) => path.slice(prefix.length).split('.')[0])
  )
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(properties as Record<string, unknown>)) {
    if (!taken.has(key) && value !== undefined) kept[key] = value
  }
  return kept
}

function textAt(document: unknown, path: string | null): string | null {
  if (path === null) return null
  const value = readFieldPath(document, path)
  return typeof value === 'string' ? value : null
}

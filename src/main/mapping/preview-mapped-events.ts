import type { MappedEventPreview, MappingPreview } from '../../shared/contracts/mapping-contract'
import { AppError } from '../../shared/errors'
import type { FieldMapping } from '../../shared/mapping/field-mapping'
import type { DocumentSource } from './doctor/document-sources'
import { idText } from './mapped-values'
import { normaliseEvent } from './normalise/normalise-event'
import { readFieldPath } from './read-field-path'

/**
 * The first `limit` documents of the mapped events collection as the mapping reads them (what
 * every query sees), each with why it would be left out when it cannot be read.
 */
export async function previewMappedEvents(
  documents: DocumentSource,
  mapping: FieldMapping,
  limit: number,
  signal: AbortSignal
): Promise<MappingPreview> {
  const collection = mapping.events.collection
  const collections = await documents.collections()
  if (!collections.includes(collection)) {
    throw new AppError(
      'NOT_FOUND',
      `The mapping reads events from ${collection}, which is not there. Collections: ${collections.join(', ') || 'none'}.`
    )
  }
  const stop = new AbortController()
  const onAbort = (): void => {
    stop.abort()
  }
  signal.addEventListener('abort', onAbort, { once: true })
  const events: MappedEventPreview[] = []
  try {
    for await (const document of documents.documents(collection, stop.signal)) {
      events.push(previewEvent(document, mapping))
      if (events.length >= limit) break
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
  if (signal.aborted) throw new AppError('CANCELLED', 'The preview was cancelled.')
  return { collection, events }
}

function previewEvent(document: unknown, mapping: FieldMapping): MappedEventPreview {
  const id = idText(readFieldPath(document, mapping.events.id)) ?? ''
  const read = normaliseEvent(document, mapping)
  if (!read) {
    return {
      id,
      userId: null,
      sessionId: null,
      eventType: null,
      timestamp: null,
      pageUrl: null,
      amount: null,
      currency: null,
      problem: missingRoles(document, mapping)
    }
  }
  const { event } = read
  const metadata = event.metadata ?? {}
  return {
    id,
    userId: idText(event.userId),
    sessionId: event.sessionId === null ? null : idText(event.sessionId),
    eventType: event.eventType,
    timestamp: event.timestamp,
    pageUrl: typeof metadata.pageUrl === 'string' ? metadata.pageUrl : null,
    amount: metadata.amount ?? null,
    currency: metadata.currency ?? null,
    problem: null
  }
}

/** Which required roles an unreadable event lacks, in the data's own field names. */
function missingRoles(document: unknown, mapping: FieldMapping): string {
  const fields = mapping.events
  const roles: [string, string][] = [
    ['id', fields.id],
    ['user id', fields.userId],
    ['event name', fields.eventName],
    ['time', fields.timestamp]
  ]
  const missing = roles
    .filter(([role, path]) => {
      const value = readFieldPath(document, path)
      if (role === 'event name') return typeof value !== 'string'
      return value === undefined || value === null
    })
    .map(([role, path]) => `${role} (${path})`)
  return missing.length > 0
    ? `Left out of every query: no ${missing.join(', ')}.`
    : `Left out of every query: ${fields.timestamp} is not a date, an ISO time or epoch milliseconds or seconds.`
}

import type {
  IdentifyEvent,
  PageDurationEvent,
  PurchaseEvent,
  SessionStartEvent,
  PageViewEvent,
  TrackEvent,
  TrackerEvent
} from '../shared/collector/tracker-events'
import { EVENT_TYPES, type EventDocument } from '../shared/journeys/documents'

/*
 * Pure mappings from tracker events to the seed's documents: what the collector writes, in the
 * shape the workbench's engines and reducers read (`eventType`, `metadata.pageUrl`, seconds in
 * `metadata.duration`, `amount`/`currency`/`orderId` on purchases).
 */

/** Events stored as one document each, `_id` = the tracker's id (a resend is a duplicate key). */
export type InsertedEvent = SessionStartEvent | PageViewEvent | PurchaseEvent | TrackEvent

export interface StoredEventDocument extends EventDocument {
  _id: string
  sessionId: string
  userId: string
}

export function isInsertedEvent(event: TrackerEvent): event is InsertedEvent {
  return event.kind !== 'page_duration' && event.kind !== 'identify'
}

/** The event's document; a page view takes its time on page when that came in the same batch. */
export function toEventDocument(
  event: InsertedEvent,
  userId: string,
  secondsOnPage?: number
): StoredEventDocument {
  const base = {
    _id: event.id,
    sessionId: event.sessionId,
    userId,
    timestamp: new Date(event.timestamp)
  }
  switch (event.kind) {
    case 'session_start':
      return {
        ...base,
        eventType: EVENT_TYPES.sessionStart,
        metadata: definedOnly({ referrer: event.referrer })
      }
    case 'page_view': {
      const metadata = pageMetadata(event)
      if (secondsOnPage !== undefined)
        metadata.duration = secondsToMillisecondPrecision(secondsOnPage)
      return { ...base, eventType: EVENT_TYPES.pageView, metadata }
    }
    case 'purchase':
      return {
        ...base,
        eventType: EVENT_TYPES.purchase,
        metadata: definedOnly({
          orderId: event.orderId,
          amount: event.amount,
          currency: event.currency,
          pageUrl: event.pageUrl
        })
      }
    case 'track':
      return { ...base, eventType: event.eventType, metadata: { ...event.metadata } }
  }
}

/**
 * Time on page as an upsert of its page view: `$max` keeps the longest time reported (they only
 * grow), `$setOnInsert` writes the whole page view when its own send has not arrived (yet).
 */
export function pageDurationUpdate(
  event: PageDurationEvent,
  userId: string
): { filter: { _id: string }; update: Record<string, Record<string, unknown>> } {
  const metadata = pageMetadata(event)
  const onInsert: Record<string, unknown> = {
    sessionId: event.sessionId,
    userId,
    eventType: EVENT_TYPES.pageView,
    timestamp: new Date(event.timestamp)
  }
  for (const [key, value] of Object.entries(metadata)) onInsert[`metadata.${key}`] = value
  return {
    filter: { _id: event.id },
    update: {
      $setOnInsert: onInsert,
      $max: { 'metadata.duration': secondsToMillisecondPrecision(event.seconds) }
    }
  }
}

/** When the event ends: its time, or the end of the time on page for a page duration. */
export function eventEnd(event: TrackerEvent): number {
  return event.kind === 'page_duration'
    ? event.timestamp + Math.round(event.seconds * 1000)
    : event.timestamp
}

export interface IdentityJoin {
  anonymousId: string
  userId: string
  name?: string
  email?: string
  at: Date
}

export function toIdentityJoin(event: IdentifyEvent): IdentityJoin {
  return {
    anonymousId: event.anonymousId,
    userId: event.userId,
    ...definedOnly({ name: event.name, email: event.email }),
    at: new Date(event.timestamp)
  }
}

function pageMetadata(event: PageViewEvent | PageDurationEvent): Record<string, unknown> {
  return definedOnly({ pageUrl: event.pageUrl, title: event.title, referrer: event.referrer })
}

function secondsToMillisecondPrecision(seconds: number): number {
  return Math.round(seconds * 1000) / 1000
}

function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const out: Partial<T> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) out[key as keyof T] = value as T[keyof T]
  }
  return out
}

import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../shared/journeys/documents'
import type { CustomerEventRow, CustomerRow, CustomerSessionRow } from '../row-sources'

/*
 * The export rows of a customer's events and sessions and of matching users, built alike by every
 * engine from the documents (docs/query-semantics.md, "Exports").
 */

/** Events, page views and purchases of one session, counted over the customer's events. */
export class SessionEventCounts {
  events = 0
  pageViews = 0
  purchases = 0

  add(isPageView: boolean, isPurchase: boolean): void {
    this.events++
    if (isPageView) this.pageViews++
    if (isPurchase) this.purchases++
  }
}

/** A customer's event; `device` is its session's `deviceInfo` (anything, as stored). */
export function customerEventRow(event: EventDocument, device: unknown): CustomerEventRow {
  const metadata: unknown = event.metadata
  const meta = isRecord(metadata) ? metadata : undefined
  const deviceInfo = isRecord(device) ? device : undefined
  return {
    eventId: event._id,
    sessionId: event.sessionId,
    timestamp: event.timestamp,
    eventType: event.eventType,
    pageUrl: meta?.pageUrl,
    duration: meta?.duration,
    amount: meta?.amount,
    currency: meta?.currency,
    browser: deviceInfo?.browser,
    os: deviceInfo?.os
  }
}

/** A customer's session document with the counts of their events in it. */
export function customerSessionRow(
  session: SessionDocument,
  counts: SessionEventCounts | undefined
): CustomerSessionRow {
  const deviceInfo: unknown = session.deviceInfo
  const device = isRecord(deviceInfo) ? deviceInfo : undefined
  return {
    sessionId: session._id,
    startTime: session.startTime,
    endTime: session.endTime,
    browser: device?.browser,
    os: device?.os,
    ipAddress: session.ipAddress,
    events: counts?.events ?? 0,
    pageViews: counts?.pageViews ?? 0,
    purchases: counts?.purchases ?? 0
  }
}

/** A user document as a customer-search row. */
export function customerRow(user: UserDocument): CustomerRow {
  return {
    userId: user._id,
    name: user.name,
    email: user.email,
    createdAt: user.createdAt,
    lastActiveAt: user.lastActiveAt
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

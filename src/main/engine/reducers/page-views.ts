import { EVENT_TYPES, type EventDocument } from '../../../shared/journeys/documents'

/** The page URL of a page view, or null when the event is not a page view with a string URL. */
export function pageViewUrl(event: EventDocument): string | null {
  if (event.eventType !== EVENT_TYPES.pageView) return null
  const url = event.metadata?.pageUrl
  return typeof url === 'string' ? url : null
}

/** The URLs of a session's page views (events in event order), optionally only those in scope. */
export function pageViewUrls(
  events: Iterable<EventDocument>,
  inScope?: (event: EventDocument) => boolean
): string[] {
  const urls: string[] = []
  for (const event of events) {
    const url = pageViewUrl(event)
    if (url !== null && (!inScope || inScope(event))) urls.push(url)
  }
  return urls
}

/**
 * What the flow reducer needs of one session: its in-scope page-view URLs in event order and its
 * user, the `userId` of the first of those page views (null when there is none).
 */
export function sessionPageViews(
  events: Iterable<EventDocument>,
  inScope?: (event: EventDocument) => boolean
): { urls: string[]; userId: EventDocument['userId'] | null } {
  const urls: string[] = []
  let userId: EventDocument['userId'] | null = null
  for (const event of events) {
    const url = pageViewUrl(event)
    if (url === null || (inScope && !inScope(event))) continue
    userId ??= event.userId
    urls.push(url)
  }
  return { urls, userId }
}

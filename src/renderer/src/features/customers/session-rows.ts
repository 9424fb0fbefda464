import type { EventDocument } from '../../../../shared/journeys/documents'
import type { MoneyAmount, SessionWithEvents } from '../../../../shared/journeys/results'
import { idText } from '../../app/routes/links'

/** One row of the sessions table. */
export interface SessionRow {
  key: string
  session: SessionWithEvents
  start: Date
  /** Seconds from start to end (or to the last event when no end is stored); null when unknown. */
  durationSeconds: number | null
  browser: string
  os: string
  ip: string
  events: number
  pageViews: number
  /** Purchase amounts in this session, per currency. */
  spent: MoneyAmount[]
  /** Page views of the highlighted page in this session. */
  highlightedViews: number
}

/** One row of a session's event list. */
export interface EventRow {
  key: string
  index: number
  time: Date
  type: string
  page: string | null
  /** Seconds on the page (`metadata.duration` of a page view). */
  secondsOnPage: number | null
  amount: MoneyAmount | null
  highlighted: boolean
}

function isPageView(event: EventDocument): boolean {
  return event.eventType === 'PAGE_VIEW'
}

function pageOf(event: EventDocument): string | null {
  const page = event.metadata?.pageUrl
  return typeof page === 'string' ? page : null
}

function purchaseOf(event: EventDocument): MoneyAmount | null {
  if (event.eventType !== 'PURCHASE') return null
  const amount = event.metadata?.amount
  if (typeof amount !== 'number') return null
  const currency = event.metadata?.currency
  return { currency: typeof currency === 'string' ? currency : '(none)', amount }
}

/** The sessions table's rows, in the order the case file gives them (newest first). Pure. */
export function sessionRows(
  sessions: readonly SessionWithEvents[],
  highlightedPage: string | null
): SessionRow[] {
  return sessions.map((session) => {
    const last = session.events.at(-1)?.timestamp ?? null
    const end = session.endTime ?? last
    const spent = new Map<string, number>()
    let pageViews = 0
    let highlightedViews = 0
    for (const event of session.events) {
      if (isPageView(event)) {
        pageViews++
        if (highlightedPage !== null && pageOf(event) === highlightedPage) highlightedViews++
      }
      const purchase = purchaseOf(event)
      if (purchase)
        spent.set(purchase.currency, (spent.get(purchase.currency) ?? 0) + purchase.amount)
    }
    return {
      key: idText(session._id),
      session,
      start: session.startTime,
      durationSeconds: end
        ? Math.max(0, (end.getTime() - session.startTime.getTime()) / 1000)
        : null,
      browser: session.deviceInfo?.browser ?? '(unknown)',
      os: session.deviceInfo?.os ?? '(unknown)',
      ip: session.ipAddress ?? '',
      events: session.events.length,
      pageViews,
      spent: [...spent]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([currency, amount]) => ({ currency, amount: Math.round(amount * 100) / 100 })),
      highlightedViews
    }
  })
}

/**
 * A session's events in order. `highlightedPage` marks the page views of the journey node the user
 * clicked (`(entry)`/`(exit)` mark the first and last page view). Pure.
 */
export function eventRows(
  events: readonly EventDocument[],
  highlightedPage: string | null
): EventRow[] {
  const pageViewIndexes = events.flatMap((event, index) =>
    isPageView(event) && pageOf(event) !== null ? [index] : []
  )
  const firstView = pageViewIndexes[0]
  const lastView = pageViewIndexes.at(-1)
  return events.map((event, index) => {
    const page = pageOf(event)
    const duration = event.metadata?.duration
    const highlighted =
      highlightedPage === null
        ? false
        : highlightedPage === '(entry)'
          ? index === firstView
          : highlightedPage === '(exit)'
            ? index === lastView
            : isPageView(event) && page === highlightedPage
    return {
      key: `${idText(event._id)}#${index}`,
      index: index + 1,
      time: event.timestamp,
      type: event.eventType,
      page,
      secondsOnPage: isPageView(event) && typeof duration === 'number' ? duration : null,
      amount: purchaseOf(event),
      highlighted
    }
  })
}

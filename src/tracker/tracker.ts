import {
  COLLECT_PATH,
  CUSTOM_EVENT_TYPE_PATTERN,
  RESERVED_EVENT_TYPES,
  SITE_KEY_PARAM,
  type TrackerStatus
} from '../shared/collector/collect-protocol'
import type { PageViewEvent, TrackerEvent, TrackEvent } from '../shared/collector/tracker-events'
import type { KeyValueStore } from './key-value-store'
import { randomId } from './random-id'
import { SendQueue } from './send-queue'
import { continueSession, type StoredSession } from './visitor-session'
import { VisibleTimer } from './visible-timer'

export interface TrackerConfig {
  /** The collector's base URL, e.g. `https://collect.example.com`. */
  endpoint: string
  siteKey: string
  batchSize: number
  maxQueue: number
  flushMs: number
}

type Metadata = Record<string, string | number | boolean | null>

/** What a shop calls: `journey('purchase', {…})` or `journey.purchase({…})`. */
export interface TrackerApi {
  identify(userId: string, traits?: { name?: string; email?: string }): void
  track(eventType: string, metadata?: Metadata): void
  purchase(order: { orderId: string; amount: number; currency: string }): void
  /** Stops tracking in this browser, now and on later visits, and forgets what was queued. */
  optOut(): void
  /** Tracks again from the next page load. */
  optIn(): void
  /** A new anonymous visitor (after a log-out). */
  reset(): void
  flush(): void
  status(): TrackerStatus
}

interface Visitor {
  anonymousId: string
  userId?: string
  session?: StoredSession
}

interface Storage {
  local: KeyValueStore
  session: KeyValueStore
}

export const VISITOR_KEY = 'journey:visitor'
export const OPT_OUT_KEY = 'journey:opt-out'

/** The path (and query) of the page, as the seed's `metadata.pageUrl`. */
function currentPageUrl(): string {
  return location.pathname + location.search
}

/**
 * Starts tracking this page: a page view now and on every History API navigation, time on page
 * while visible (sent when hidden or left, by beacon), sessions that end after 30 idle minutes.
 */
export function startTracker(config: TrackerConfig, storage: Storage): TrackerApi {
  const url = `${config.endpoint.replace(/\/+$/, '')}${COLLECT_PATH}?${SITE_KEY_PARAM}=${encodeURIComponent(config.siteKey)}`
  const queue = new SendQueue({ url, ...config, store: storage.session })
  let stopped = false
  let visitor = loadVisitor(storage.local)
  let page: { view: PageViewEvent; timer: VisibleTimer } | undefined

  const save = (): void => {
    storage.local.set(VISITOR_KEY, JSON.stringify(visitor))
  }

  /** The common fields of an event now; starts a session (with its SESSION_START) when needed. */
  const stamp = (): { id: string; sessionId: string; userId: string; timestamp: number } => {
    const now = Date.now()
    const next = continueSession(visitor.session, now, randomId)
    visitor.session = next.session
    save()
    const base = {
      sessionId: next.session.id,
      userId: visitor.userId ?? visitor.anonymousId,
      timestamp: now
    }
    if (next.started) {
      const referrer = externalReferrer()
      // A millisecond before the event that starts it, so event order (time, then id) puts it first.
      queue.add(
        {
          kind: 'session_start',
          id: randomId(),
          ...base,
          timestamp: now - 1,
          ...(referrer ? { referrer } : {})
        },
        true
      )
    }
    return { id: randomId(), ...base }
  }

  const send = (event: TrackerEvent, urgent: boolean): void => {
    if (!stopped) queue.add(event, urgent)
  }

  /** The time on the current page so far (it only grows; the collector keeps the largest). */
  const sendPageTime = (): void => {
    if (!page || stopped) return
    send({ ...page.view, kind: 'page_duration', seconds: page.timer.seconds() }, false)
  }

  const pageView = (): void => {
    if (stopped) return
    if (page) {
      page.timer.pause()
      sendPageTime()
    }
    const title = document.title.slice(0, 300)
    const view: PageViewEvent = {
      kind: 'page_view',
      ...stamp(),
      pageUrl: currentPageUrl().slice(0, 2048),
      ...(title ? { title } : {})
    }
    page = { view, timer: new VisibleTimer(Date.now, document.visibilityState === 'visible') }
    send(view, true)
  }

  const onNavigation = (): void => {
    if (page && currentPageUrl() !== page.view.pageUrl) pageView()
  }
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method].bind(history)
    history[method] = (...args: Parameters<History['pushState']>) => {
      original(...args)
      onNavigation()
    }
  }
  addEventListener('popstate', onNavigation)

  const leave = (): void => {
    if (!page || stopped) return
    page.timer.pause()
    sendPageTime()
    queue.beacon()
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') leave()
    else page?.timer.resume()
  })
  addEventListener('pagehide', leave)
  addEventListener('pageshow', (event) => {
    if (event.persisted) page?.timer.resume()
  })

  pageView()

  const reset = (): void => {
    if (stopped) return
    visitor = { anonymousId: randomId() }
    save()
  }

  const withPage = (metadata: Metadata): Metadata =>
    'pageUrl' in metadata ? metadata : { ...metadata, pageUrl: currentPageUrl() }

  return {
    identify(userId, traits = {}) {
      if (stopped || typeof userId !== 'string' || userId === '') return
      // Another person on this browser: their visit is not the previous user's.
      if (visitor.userId !== undefined && visitor.userId !== userId) reset()
      const event = stamp()
      visitor.userId = userId
      save()
      send(
        {
          kind: 'identify',
          ...event,
          userId,
          anonymousId: visitor.anonymousId,
          ...(traits.name ? { name: traits.name } : {}),
          ...(traits.email ? { email: traits.email } : {})
        },
        true
      )
    },
    track(eventType, metadata = {}) {
      if (stopped) return
      if (!CUSTOM_EVENT_TYPE_PATTERN.test(eventType) || RESERVED_EVENT_TYPES.includes(eventType)) {
        console.warn(`journey: "${eventType}" is not a custom event type (e.g. ADD_TO_CART)`)
        return
      }
      const event: TrackEvent = {
        kind: 'track',
        ...stamp(),
        eventType,
        metadata: withPage(metadata)
      }
      send(event, false)
    },
    purchase(order) {
      if (stopped) return
      send({ kind: 'purchase', ...stamp(), ...order, pageUrl: currentPageUrl() }, true)
    },
    optOut() {
      stopped = true
      queue.clear()
      storage.local.remove(VISITOR_KEY)
      storage.local.set(OPT_OUT_KEY, '1')
    },
    optIn() {
      storage.local.remove(OPT_OUT_KEY)
    },
    reset,
    flush() {
      queue.flush()
    },
    status() {
      return stopped
        ? { tracking: false, reason: 'opted out', queued: 0, dropped: 0 }
        : {
            tracking: true,
            anonymousId: visitor.anonymousId,
            ...(visitor.userId ? { userId: visitor.userId } : {}),
            ...(visitor.session ? { sessionId: visitor.session.id } : {}),
            queued: queue.size,
            dropped: queue.droppedCount
          }
    }
  }
}

function loadVisitor(store: KeyValueStore): Visitor {
  try {
    const saved = JSON.parse(store.get(VISITOR_KEY) ?? 'null') as Visitor | null
    if (saved && typeof saved.anonymousId === 'string') return saved
  } catch {
    // unreadable: a new visitor
  }
  return { anonymousId: randomId() }
}

/** Where the visitor came from, when it is another site: its origin and path, no query. */
function externalReferrer(): string | undefined {
  try {
    const referrer = new URL(document.referrer)
    return referrer.origin === location.origin ? undefined : referrer.origin + referrer.pathname
  } catch {
    return undefined
  }
}

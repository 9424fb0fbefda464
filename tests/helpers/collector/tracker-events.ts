import { randomBytes } from 'node:crypto'
import type { TrackerEventInput } from '../../../src/shared/collector/tracker-events'

/** A client-made id as the tracker makes them. */
export function clientId(prefix = 'e'): string {
  return `${prefix}${randomBytes(9).toString('base64url')}`
}

/**
 * Builds one visit's tracker events the way the tracker would send them: one session, one
 * (anonymous, until `identify`) user, timestamps moving forward from `start`.
 */
export class TestVisit {
  readonly sessionId = clientId('s')
  readonly anonymousId = clientId('a')
  userId: string = this.anonymousId
  private clock: number

  constructor(start: number = Date.now() - 60_000) {
    this.clock = start
  }

  /** Moves the visit's clock on (ms) and returns the new time. */
  later(ms: number): number {
    this.clock += ms
    return this.clock
  }

  private base(at = this.clock): {
    id: string
    sessionId: string
    userId: string
    timestamp: number
  } {
    return { id: clientId(), sessionId: this.sessionId, userId: this.userId, timestamp: at }
  }

  sessionStart(referrer?: string): TrackerEventInput {
    return { kind: 'session_start', ...this.base(), ...(referrer ? { referrer } : {}) }
  }

  pageView(pageUrl: string, title?: string): TrackerEventInput & { kind: 'page_view' } {
    return { kind: 'page_view', ...this.base(), pageUrl, ...(title ? { title } : {}) }
  }

  /** The time on an earlier page view: its id and timestamp, and the seconds. */
  pageDuration(
    view: TrackerEventInput & { kind: 'page_view' },
    seconds: number
  ): TrackerEventInput {
    return { ...view, kind: 'page_duration', seconds }
  }

  purchase(orderId: string, amount: number, currency = 'EUR'): TrackerEventInput {
    return { kind: 'purchase', ...this.base(), orderId, amount, currency }
  }

  track(
    eventType: string,
    metadata: Record<string, string | number | boolean | null> = {}
  ): TrackerEventInput {
    return { kind: 'track', ...this.base(), eventType, metadata }
  }

  /** Joins the anonymous id to `userId`; later events of this visit carry `userId`. */
  identify(userId: string, traits: { name?: string; email?: string } = {}): TrackerEventInput {
    this.userId = userId
    return { kind: 'identify', ...this.base(), anonymousId: this.anonymousId, ...traits }
  }
}

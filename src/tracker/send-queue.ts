import type { CollectReply } from '../shared/collector/collect-protocol'
import type { TrackerEvent } from '../shared/collector/tracker-events'
import type { KeyValueStore } from './key-value-store'

export interface SendQueueOptions {
  /** The collect URL with its site key. */
  url: string
  /** Events per request. */
  batchSize: number
  /** Events kept while the collector cannot be reached; the oldest go first beyond it. */
  maxQueue: number
  /** How long an event that is not urgent may wait for others to share its request. */
  flushMs: number
  /** Where the queue survives page loads of the tab (sessionStorage). */
  store: KeyValueStore
}

const STORE_KEY = 'journey:queue'
/** A beacon's body limit is 64 KiB for all a page's pending beacons together; stay under it. */
const MAX_BODY_CHARS = 60_000
const MAX_BACKOFF_MS = 60_000

/**
 * The tracker's outbox. Events wait here, in this tab's storage, until the collector acknowledges
 * them (200), so a failed send, a closed connection or a page that unloads mid-send loses
 * nothing: it is sent again, and the collector stores each event id once. One request at a time;
 * failures back off exponentially (or as `Retry-After` says); at most `maxQueue` events are kept.
 */
export class SendQueue {
  private events: TrackerEvent[] = []
  private dropped = 0
  private sending = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private timerDue = Infinity
  private failures = 0
  /** After a failure, nothing is sent before this time (backoff, or the collector's Retry-After). */
  private notBefore = 0
  private batchLimit: number

  constructor(private readonly options: SendQueueOptions) {
    this.batchLimit = options.batchSize
    try {
      const saved = JSON.parse(options.store.get(STORE_KEY) ?? 'null') as {
        events: TrackerEvent[]
        dropped: number
      } | null
      if (saved) {
        this.events = saved.events
        this.dropped = saved.dropped
      }
    } catch {
      // an unreadable queue is dropped
    }
    if (this.events.length > 0) this.schedule(0)
  }

  get size(): number {
    return this.events.length
  }

  /** Events dropped because the queue was full. */
  get droppedCount(): number {
    return this.dropped
  }

  /** Queues an event; urgent ones (page views, purchases) are sent right away. */
  add(event: TrackerEvent, urgent: boolean): void {
    if (event.kind === 'page_duration') {
      // A newer time on the same page replaces the queued one: times only grow.
      this.events = this.events.filter((e) => !(e.kind === 'page_duration' && e.id === event.id))
    }
    this.events.push(event)
    if (this.events.length > this.options.maxQueue) {
      this.dropped += this.events.length - this.options.maxQueue
      this.events.splice(0, this.events.length - this.options.maxQueue)
    }
    this.save()
    this.schedule(urgent || this.events.length >= this.options.batchSize ? 0 : this.options.flushMs)
  }

  /** Sends what is queued now, with `fetch`. */
  flush(): void {
    this.schedule(0)
  }

  /**
   * The page is going away: hands the queue to `sendBeacon`, which outlives the page. The events
   * stay queued in this tab's storage until a 200 for them is seen, so the next page sends them
   * again if the beacon was lost (the collector ignores the second copy).
   */
  beacon(): void {
    if (typeof navigator.sendBeacon !== 'function') return
    let budget = MAX_BODY_CHARS
    for (let start = 0; start < this.events.length; start += this.options.batchSize) {
      const body = this.body(this.events.slice(start, start + this.options.batchSize))
      budget -= body.length
      if (budget < 0 || !navigator.sendBeacon(this.options.url, body)) return
    }
  }

  clear(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.timerDue = Infinity
    this.events = []
    this.dropped = 0
    this.options.store.remove(STORE_KEY)
  }

  private schedule(delayMs: number): void {
    const now = Date.now()
    const due = Math.max(now + delayMs, this.notBefore)
    if (this.timer !== undefined && this.timerDue <= due) return
    clearTimeout(this.timer)
    this.timerDue = due
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.timerDue = Infinity
      void this.send()
    }, due - now)
  }

  private async send(): Promise<void> {
    if (this.sending || this.events.length === 0) return
    this.sending = true
    let batch = this.events.slice(0, this.batchLimit)
    let body = this.body(batch)
    while (body.length > MAX_BODY_CHARS && batch.length > 1) {
      batch = batch.slice(0, Math.ceil(batch.length / 2))
      body = this.body(batch)
    }
    let retryInMs: number | null = null
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        body,
        keepalive: body.length < MAX_BODY_CHARS,
        credentials: 'omit',
        headers: { 'Content-Type': 'text/plain' }
      })
      if (response.ok) {
        this.forget(batch)
        this.failures = 0
        this.notBefore = 0
        this.batchLimit = this.options.batchSize
        const reply = (await response.json().catch(() => null)) as CollectReply | null
        if (reply && reply.rejected > 0) console.warn('journey: events rejected', reply.errors)
      } else if (response.status === 413 && batch.length > 1) {
        this.batchLimit = Math.max(1, Math.floor(batch.length / 2))
        retryInMs = 0
      } else if (response.status === 408 || response.status === 429 || response.status >= 500) {
        retryInMs = this.backoff(Number(response.headers.get('Retry-After')))
      } else {
        // The collector will never take these (bad site key, origin or event): do not retry.
        console.warn(`journey: the collector refused ${batch.length} event(s) (${response.status})`)
        this.forget(batch)
      }
    } catch {
      retryInMs = this.backoff(0)
    } finally {
      this.sending = false
    }
    if (retryInMs !== null) {
      this.notBefore = Date.now() + retryInMs
      this.schedule(retryInMs)
    } else if (this.events.length > 0) this.schedule(0)
  }

  private backoff(retryAfterSeconds: number): number {
    this.failures++
    if (retryAfterSeconds > 0) return retryAfterSeconds * 1000
    const exponential = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1))
    return exponential * (0.5 + Math.random() / 2)
  }

  private forget(batch: TrackerEvent[]): void {
    const sent = new Set(batch)
    this.events = this.events.filter((event) => !sent.has(event))
    this.save()
  }

  private body(events: TrackerEvent[]): string {
    return JSON.stringify({ sentAt: Date.now(), events })
  }

  private save(): void {
    if (this.events.length === 0 && this.dropped === 0) this.options.store.remove(STORE_KEY)
    else
      this.options.store.set(
        STORE_KEY,
        JSON.stringify({ events: this.events, dropped: this.dropped })
      )
  }
}

/*
 * What the browser tracker and the collector agree on, as plain values: the tracker bundles this
 * file, so it must stay free of zod and of anything else with a runtime cost.
 */

/** `POST {endpoint}/v1/collect?site=<siteKey>`: one batch of tracker events. */
export const COLLECT_PATH = '/v1/collect'

/** The query parameter that names the site (its key decides which origins may send). */
export const SITE_KEY_PARAM = 'site'

/** Events in one batch; the collector answers a longer batch with 413. */
export const MAX_EVENTS_PER_BATCH = 100

/** The collector's default body limit; the tracker keeps its batches well under it. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024

/** What the tracker puts on the wire as the event's kind (the collector maps it to `eventType`). */
export const EVENT_KINDS = {
  sessionStart: 'session_start',
  pageView: 'page_view',
  pageDuration: 'page_duration',
  purchase: 'purchase',
  identify: 'identify',
  track: 'track'
} as const

/** `eventType`s that only the tracker's own calls produce; `track()` may not use them. */
export const RESERVED_EVENT_TYPES: readonly string[] = [
  'SESSION_START',
  'PAGE_VIEW',
  'PURCHASE',
  'IDENTIFY'
]

/** A custom event type: upper-case words joined by `_`, as the seed's `ADD_TO_CART`. */
export const CUSTOM_EVENT_TYPE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/

/** A metadata key becomes a MongoDB field name: no `$`, no `.`, nothing that needs quoting. */
export const METADATA_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

/** Client-made ids (events, sessions, anonymous visitors). */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/

/** The collector's answer to a batch it accepted (HTTP 200). */
export interface CollectReply {
  /** Events in the batch. */
  received: number
  /** Events written now (new events, new or longer times on page, identities joined). */
  stored: number
  /** Events the database already had (a batch sent again): nothing was written twice. */
  duplicates: number
  /** Events refused; `errors` says why, by position in the batch. */
  rejected: number
  errors: { index: number; id?: string; reason: string }[]
}

/** The collector's answer to anything it did not accept (4xx, 5xx). */
export interface CollectErrorReply {
  error: string
}

/** What `journey('status')` tells a shop's script (and the tests). */
export interface TrackerStatus {
  /** False when not tracking; `reason` says why (Do Not Track, opted out…). */
  tracking: boolean
  reason?: string
  anonymousId?: string
  userId?: string
  sessionId?: string
  /** Events waiting to be acknowledged by the collector. */
  queued: number
  /** Events dropped because the queue was full while the collector could not be reached. */
  dropped: number
}

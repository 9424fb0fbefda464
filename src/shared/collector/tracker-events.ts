import { z } from 'zod'
import {
  CLIENT_ID_PATTERN,
  CUSTOM_EVENT_TYPE_PATTERN,
  EVENT_KINDS,
  METADATA_KEY_PATTERN,
  RESERVED_EVENT_TYPES
} from './collect-protocol'

/*
 * The events the browser tracker sends, one zod schema per kind. The collector validates every event
 * of a batch with these; the tracker imports only their types (`import type`), so zod never reaches
 * the browser and the two cannot disagree.
 */

const clientId = z.string().regex(CLIENT_ID_PATTERN, 'must be 8 to 64 letters, digits, - or _')

/** A known user's id from the shop, or the tracker's anonymous id. */
const userId = z
  .string()
  .min(1)
  .max(128)
  // eslint-disable-next-line no-control-regex -- the point is to refuse control characters
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters')

/** Milliseconds since 1970 (the collector also checks it against its own clock). */
const epochMs = z.number().int().min(0)

const pagePath = z.string().min(1).max(2048).startsWith('/', 'must be a path starting with /')

const common = { id: clientId, sessionId: clientId, userId, timestamp: epochMs }

const pageFields = {
  pageUrl: pagePath,
  title: z.string().max(300).optional(),
  referrer: z.string().max(2048).optional()
}

export const sessionStartEventSchema = z.object({
  kind: z.literal(EVENT_KINDS.sessionStart),
  ...common,
  /** Where the visitor came from (the first page's `document.referrer`), when known. */
  referrer: z.string().max(2048).optional()
})

export const pageViewEventSchema = z.object({
  kind: z.literal(EVENT_KINDS.pageView),
  ...common,
  ...pageFields
})

/**
 * The visible time on a page view, sent when the visitor leaves it (or hides it). `id` and
 * `timestamp` are the page view's own; it repeats the page view's fields so that it can stand in
 * for a page view whose own send was lost. Seconds only grow: the collector keeps the largest.
 */
export const pageDurationEventSchema = z.object({
  kind: z.literal(EVENT_KINDS.pageDuration),
  ...common,
  ...pageFields,
  seconds: z
    .number()
    .min(0)
    .max(24 * 3600)
})

export const purchaseEventSchema = z.object({
  kind: z.literal(EVENT_KINDS.purchase),
  ...common,
  orderId: z.string().min(1).max(128),
  amount: z.number().min(0).max(1e9),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR'),
  pageUrl: pagePath.optional()
})

/** Joins the anonymous visitor `anonymousId` to the known user `userId`. */
export const identifyEventSchema = z.object({
  kind: z.literal(EVENT_KINDS.identify),
  ...common,
  anonymousId: clientId,
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(254).optional()
})

const metadataValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()])

export const trackEventSchema = z.object({
  kind: z.literal(EVENT_KINDS.track),
  ...common,
  eventType: z
    .string()
    .regex(CUSTOM_EVENT_TYPE_PATTERN, 'must be upper-case letters, digits and _ (e.g. ADD_TO_CART)')
    .refine((type) => !RESERVED_EVENT_TYPES.includes(type), {
      message: `is reserved (${RESERVED_EVENT_TYPES.join(', ')} have their own calls)`
    }),
  metadata: z
    .record(z.string().regex(METADATA_KEY_PATTERN), metadataValue, {
      error: (issue) =>
        issue.code === 'invalid_key' ? 'keys are letters, digits and _ (no $ or .)' : undefined
    })
    .refine((metadata) => Object.keys(metadata).length <= 30, { message: 'at most 30 keys' })
    .default({})
})

export const trackerEventSchema = z.discriminatedUnion(
  'kind',
  [
    sessionStartEventSchema,
    pageViewEventSchema,
    pageDurationEventSchema,
    purchaseEventSchema,
    identifyEventSchema,
    trackEventSchema
  ],
  { error: `kind must be one of ${Object.values(EVENT_KINDS).join(', ')}` }
)

/** The body of `POST /v1/collect`: events are checked one by one, so one bad event spoils nothing. */
export const collectBatchSchema = z.object({
  /** The tracker's clock when it sent the batch (ms). */
  sentAt: epochMs,
  events: z.array(z.unknown()).min(1, 'a batch has at least one event')
})

export type TrackerEvent = z.infer<typeof trackerEventSchema>
export type TrackerEventInput = z.input<typeof trackerEventSchema>
export type SessionStartEvent = z.infer<typeof sessionStartEventSchema>
export type PageViewEvent = z.infer<typeof pageViewEventSchema>
export type PageDurationEvent = z.infer<typeof pageDurationEventSchema>
export type PurchaseEvent = z.infer<typeof purchaseEventSchema>
export type IdentifyEvent = z.infer<typeof identifyEventSchema>
export type TrackEvent = z.infer<typeof trackEventSchema>
export type CollectBatch = z.infer<typeof collectBatchSchema>

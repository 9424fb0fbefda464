import { z } from 'zod'

/**
 * A dotted field path into a document (`properties.$current_url`, `context.os.name`). Segments may
 * start with `$` (PostHog's `$current_url`), so pipelines must read them with `$getField`, never as
 * `"$a.$b"`. Never empty, no empty segment, no NUL.
 */
export const fieldPathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^.\0]+(\.[^.\0]+)*$/, 'a field path is names joined by dots, like properties.path')

/** A MongoDB collection name (also the NDJSON file name `NAME.ndjson` in a folder). */
export const collectionNameSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'a collection name is letters, digits, _, - and .')
  .refine((name) => !name.startsWith('system.'), 'system collections cannot be mapped')

const optionalPath = fieldPathSchema.nullable().default(null)

/**
 * Where each role lives in the events collection. `sessionId: null` means there is no session id on
 * the events: sessions are derived from each user's events by the idle gap.
 */
export const eventFieldsSchema = z.object({
  collection: collectionNameSchema,
  id: fieldPathSchema.default('_id'),
  userId: fieldPathSchema,
  sessionId: optionalPath,
  eventName: fieldPathSchema,
  timestamp: fieldPathSchema,
  pageUrl: optionalPath,
  /** Seconds on page, on page-view events. */
  duration: optionalPath,
  amount: optionalPath,
  currency: optionalPath,
  /** Browser and OS on the event (used when the sessions collection does not name them). */
  browser: optionalPath,
  os: optionalPath,
  /** The client's IP on the event (for derived sessions, when there is no sessions collection). */
  ipAddress: optionalPath,
  /** The object whose keys segment filters (`metadataEquals`) and exports read: `metadata`. */
  properties: optionalPath
})

export const sessionFieldsSchema = z.object({
  collection: collectionNameSchema,
  id: fieldPathSchema.default('_id'),
  userId: fieldPathSchema,
  startTime: fieldPathSchema,
  endTime: optionalPath,
  browser: optionalPath,
  os: optionalPath,
  ipAddress: optionalPath
})

export const userFieldsSchema = z.object({
  collection: collectionNameSchema,
  id: fieldPathSchema.default('_id'),
  name: optionalPath,
  email: optionalPath,
  createdAt: optionalPath,
  lastActiveAt: optionalPath
})

/**
 * How a source's own documents map onto the roles every query uses (docs/query-semantics.md,
 * "Field mapping"). The seed schema is `SEED_MAPPING`.
 */
export const fieldMappingSchema = z.object({
  version: z.literal(1).default(1),
  events: eventFieldsSchema,
  /** null: no sessions collection; sessions come from the events. */
  sessions: sessionFieldsSchema.nullable().default(null),
  /** null: no users collection; users are the distinct user ids of the events. */
  users: userFieldsSchema.nullable().default(null),
  /** Which event names are page views and purchases (the data's own names, free text). */
  eventNames: z
    .object({
      pageView: z.string().min(1).max(200),
      purchase: z.string().min(1).max(200)
    })
    .strict(),
  /** Idle gap that ends a derived session (only used when `events.sessionId` is null). */
  sessionIdleMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Keep `?query` of page URLs (the fragment is always dropped). */
  keepQueryString: z.boolean().default(false)
})

export type FieldPath = z.infer<typeof fieldPathSchema>
export type EventFields = z.infer<typeof eventFieldsSchema>
export type SessionFields = z.infer<typeof sessionFieldsSchema>
export type UserFields = z.infer<typeof userFieldsSchema>
export type FieldMapping = z.infer<typeof fieldMappingSchema>
export type FieldMappingInput = z.input<typeof fieldMappingSchema>

/**
 * The seed schema (users, sessions, events as the seed app writes them): the default mapping. Its
 * page URLs are paths the app stored itself, so query strings (`/search?q=…`) are kept as stored.
 */
export const SEED_MAPPING: FieldMapping = fieldMappingSchema.parse({
  events: {
    collection: 'events',
    userId: 'userId',
    sessionId: 'sessionId',
    eventName: 'eventType',
    timestamp: 'timestamp',
    pageUrl: 'metadata.pageUrl',
    duration: 'metadata.duration',
    amount: 'metadata.amount',
    currency: 'metadata.currency',
    properties: 'metadata'
  },
  sessions: {
    collection: 'sessions',
    userId: 'userId',
    startTime: 'startTime',
    endTime: 'endTime',
    browser: 'deviceInfo.browser',
    os: 'deviceInfo.os',
    ipAddress: 'ipAddress'
  },
  users: {
    collection: 'users',
    name: 'name',
    email: 'email',
    createdAt: 'createdAt',
    lastActiveAt: 'lastActiveAt'
  },
  eventNames: { pageView: 'PAGE_VIEW', purchase: 'PURCHASE' },
  keepQueryString: true
})

/** True when the mapping is the seed schema's, so engines can keep their fast, unmapped paths. */
export function isSeedMapping(mapping: FieldMapping): boolean {
  return JSON.stringify(mapping) === JSON.stringify(SEED_MAPPING)
}

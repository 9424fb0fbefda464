import { EVENT_TYPES } from '../../../../shared/journeys/documents'
import {
  SEED_MAPPING,
  fieldMappingSchema,
  type FieldMapping
} from '../../../../shared/mapping/field-mapping'
import type { DemoUserBundle } from '../simulate-user'
import { posthogDocuments } from './posthog-shape'
import { POSTHOG_EVENT_NAMES, SEGMENT_EVENT_NAMES } from './shape-event-names'
import { segmentDocuments } from './segment-shape'

/**
 * The shapes the demo generator writes the same simulated visits in: the seed schema, a
 * Segment-style warehouse (`tracks` + `identifies`, ISO string times, no sessions) and a
 * PostHog-style export (`events` + `persons`, `$pageview`, absolute URLs, epoch times, session ids
 * on the events but no sessions collection).
 */
export const DEMO_SHAPES = ['seed', 'segment', 'posthog'] as const
export type DemoShape = (typeof DEMO_SHAPES)[number]

/** One user's documents in a shape: collection name → documents, in writing order. */
export type ShapedDocuments = Record<string, unknown[]>

export interface DemoShapeSpec {
  /** Collections in writing order (parents first), each written as `NAME.ndjson`. */
  collections: readonly string[]
  /** The mapping that reads this shape back into the seed's meaning. */
  mapping: FieldMapping
  /** The shape's name for each seed event type (identity for the seed). */
  eventNames: Readonly<Record<string, string>>
  toDocuments(bundle: DemoUserBundle): ShapedDocuments
}

const IDENTITY_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(EVENT_TYPES).map((name) => [name, name])
)

export const DEMO_SHAPE_SPECS: Readonly<Record<DemoShape, DemoShapeSpec>> = {
  seed: {
    collections: ['users', 'sessions', 'events'],
    mapping: SEED_MAPPING,
    eventNames: IDENTITY_NAMES,
    toDocuments: (bundle) => ({
      users: [bundle.user],
      sessions: bundle.sessions,
      events: bundle.events
    })
  },
  segment: {
    collections: ['identifies', 'tracks'],
    mapping: fieldMappingSchema.parse({
      events: {
        collection: 'tracks',
        userId: 'userId',
        eventName: 'event',
        timestamp: 'timestamp',
        pageUrl: 'properties.path',
        duration: 'properties.duration',
        amount: 'properties.revenue',
        currency: 'properties.currency',
        browser: 'context.browser.name',
        os: 'context.os.name',
        ipAddress: 'context.ip',
        properties: 'properties'
      },
      users: {
        collection: 'identifies',
        id: 'userId',
        name: 'traits.name',
        email: 'traits.email',
        createdAt: 'traits.createdAt'
      },
      eventNames: {
        pageView: SEGMENT_EVENT_NAMES[EVENT_TYPES.pageView],
        purchase: SEGMENT_EVENT_NAMES[EVENT_TYPES.purchase]
      },
      keepQueryString: true
    }),
    eventNames: SEGMENT_EVENT_NAMES,
    toDocuments: segmentDocuments
  },
  posthog: {
    collections: ['persons', 'events'],
    mapping: fieldMappingSchema.parse({
      events: {
        collection: 'events',
        userId: 'distinct_id',
        sessionId: 'properties.session_id',
        eventName: 'event',
        timestamp: 'timestamp',
        pageUrl: 'properties.current_url',
        duration: 'properties.duration',
        amount: 'properties.amount',
        currency: 'properties.currency',
        browser: 'properties.browser',
        os: 'properties.os',
        ipAddress: 'properties.ip',
        properties: 'properties'
      },
      users: {
        collection: 'persons',
        id: 'distinct_id',
        name: 'properties.name',
        email: 'properties.email',
        createdAt: 'created_at'
      },
      eventNames: {
        pageView: POSTHOG_EVENT_NAMES[EVENT_TYPES.pageView],
        purchase: POSTHOG_EVENT_NAMES[EVENT_TYPES.purchase]
      },
      keepQueryString: true
    }),
    eventNames: POSTHOG_EVENT_NAMES,
    toDocuments: posthogDocuments
  }
}

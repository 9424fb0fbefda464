import type { CollectionName } from './ndjson/collection-files'

/** An index the workbench recommends, as data: what `load` creates and what the app checks for. */
export interface RecommendedIndex {
  /** A seed collection, or a mapped source's own collection. */
  collection: CollectionName | (string & {})
  /** The name MongoDB would give it by default, so an index made by hand is recognised too. */
  name: string
  keys: Readonly<Record<string, 1 | -1>>
  collation?: { locale: string; strength: number }
  /** One line: the queries it serves (shown when it is missing). */
  serves: string
  /** What queries lose without it, after "without it" (else the advisor's own words). */
  missingCost?: string
}

export const RECOMMENDED_INDEXES: readonly RecommendedIndex[] = [
  {
    collection: 'events',
    name: 'userId_1_timestamp_1__id_1',
    keys: { userId: 1, timestamp: 1, _id: 1 },
    serves: "A user's events in event order: case files, funnels and the per-user reducer stream."
  },
  {
    collection: 'events',
    name: 'sessionId_1_timestamp_1__id_1',
    keys: { sessionId: 1, timestamp: 1, _id: 1 },
    serves: "A session's events in event order: session timelines and flows."
  },
  {
    collection: 'events',
    name: 'eventType_1_timestamp_1',
    keys: { eventType: 1, timestamp: 1 },
    serves: 'Events of one type in a date range: funnel entries, overview page views and purchases.'
  },
  {
    collection: 'sessions',
    name: 'userId_1_startTime_-1',
    keys: { userId: 1, startTime: -1 },
    serves: "A user's sessions newest first: the case file's session list."
  },
  {
    collection: 'users',
    name: 'email_1',
    keys: { email: 1 },
    collation: { locale: 'en', strength: 2 },
    serves: 'Customer search by email, case-insensitively (exact address or prefix).'
  }
]

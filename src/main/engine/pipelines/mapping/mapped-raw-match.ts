import { EVENT_TYPES } from '../../../../shared/journeys/documents'
import type { FieldMapping } from '../../../../shared/mapping/field-mapping'
import type { Stage } from '../pipeline-spec'

/*
 * A `$match` on the raw fields of a mapped events collection, put in front of the normalising
 * prefix so that an index on the raw time or event name serves a query's range and event names.
 * It keeps a superset of the raw events whose normalised event passes the builder's own first
 * `$match` (which still runs after the prefix and keeps exactly those), so it may only go first
 * where the prefix reads each event on its own (readThroughMapping decides).
 */

interface TimeBounds {
  $gte?: Date
  $lt?: Date
}

/** The raw-field `$match` for a builder's first stage, or null when it bounds nothing rawly. */
export function rawPreMatch(
  stage: Stage | undefined,
  mapping: FieldMapping
): Record<string, unknown> | null {
  const match = stage?.$match as Record<string, unknown> | undefined
  if (!match) return null
  const bounds = timeBoundsOf(match)
  const types = eventTypesOf(match)
  const conditions = [
    bounds ? rawTimeMatch(mapping.events.timestamp, bounds) : null,
    types ? rawEventNameMatch(mapping, types) : null
  ].filter((condition): condition is Record<string, unknown> => condition !== null)
  if (conditions.length === 0) return null
  return conditions.length === 1 ? (conditions[0] as Record<string, unknown>) : { $and: conditions }
}

/**
 * The index that serves the raw match of event names (and the range): `{ <event name>: 1,
 * <time>: 1 }` in the data's own fields, as the seed's `{ eventType: 1, timestamp: 1 }`, under
 * MongoDB's default name. Null when either path is `$`-named (no raw match names it, and MongoDB
 * refuses such an index key).
 */
export function rawEventNameIndex(
  mapping: FieldMapping
): { name: string; keys: Record<string, 1> } | null {
  const { eventName, timestamp } = mapping.events
  if ([eventName, timestamp].some(isDollarNamed)) return null
  return { name: `${eventName}_1_${timestamp}_1`, keys: { [eventName]: 1, [timestamp]: 1 } }
}

/** The index a raw match uses (by name): the event-name index when it matches event names. */
export function rawMatchIndex(
  raw: Record<string, unknown>,
  mapping: FieldMapping
): string | undefined {
  const conditions = Array.isArray(raw.$and) ? (raw.$and as Record<string, unknown>[]) : [raw]
  const matchesNames = conditions.some((condition) => mapping.events.eventName in condition)
  return matchesNames ? rawEventNameIndex(mapping)?.name : undefined
}

function isDollarNamed(path: string): boolean {
  return path.split('.').some((segment) => segment.startsWith('$'))
}

/** The `timestamp` bounds of a builder's first `$match` (its scope), if it has any. */
function timeBoundsOf(match: Record<string, unknown>): TimeBounds | null {
  const conditions = Array.isArray(match.$and) ? (match.$and as Record<string, unknown>[]) : [match]
  for (const condition of conditions) {
    const time = condition.timestamp as TimeBounds | undefined
    if (time && (time.$gte instanceof Date || time.$lt instanceof Date)) return time
  }
  return null
}

/**
 * The event types a filter keeps, from its `eventType` equalities and `$in`s (under `$and`, the
 * first that names some; under `$or`, the union of its branches); null when it keeps any.
 */
export function eventTypesOf(filter: Record<string, unknown>): Set<string> | null {
  const own = eventTypeValues(filter.eventType)
  if (own) return own
  if (Array.isArray(filter.$and)) {
    for (const part of filter.$and as Record<string, unknown>[]) {
      const types = eventTypesOf(part)
      if (types) return types
    }
  }
  if (Array.isArray(filter.$or) && filter.$or.length > 0) {
    const union = new Set<string>()
    for (const part of filter.$or as Record<string, unknown>[]) {
      const types = eventTypesOf(part)
      if (!types) return null
      for (const type of types) union.add(type)
    }
    return union
  }
  return null
}

function eventTypeValues(value: unknown): Set<string> | null {
  if (typeof value === 'string') return new Set([value])
  if (typeof value !== 'object' || value === null) return null
  const { $eq, $in } = value as { $eq?: unknown; $in?: unknown }
  if (typeof $eq === 'string') return new Set([$eq])
  if (Array.isArray($in) && $in.every((item) => typeof item === 'string')) {
    return new Set($in)
  }
  return null
}

/**
 * The raw event names whose normalised type is one of `types`: each type as the data may name it
 * (a raw name is kept unless it is the mapped page-view or purchase name), and the mapped
 * page-view and purchase names for `PAGE_VIEW` and `PURCHASE`. Null for a `$`-named path.
 */
export function rawEventNameMatch(
  mapping: FieldMapping,
  types: Iterable<string>
): Record<string, unknown> | null {
  const path = mapping.events.eventName
  if (isDollarNamed(path)) return null
  const names = new Set<string>()
  for (const type of types) {
    names.add(type)
    if (type === EVENT_TYPES.pageView) names.add(mapping.eventNames.pageView)
    if (type === EVENT_TYPES.purchase) names.add(mapping.eventNames.purchase)
  }
  return { [path]: { $in: [...names].sort() } }
}

/**
 * A superset of the raw events whose time falls within the bounds, in every form a time may be
 * stored in: BSON dates in the range, epoch milliseconds or seconds in it (a unit wider, as the
 * prefix truncates), and every string (ISO 8601 texts with offsets do not sort by instant). The
 * builder's own `$match` after the prefix keeps exactly the events in range. Each branch is a
 * range on one field, so an index on the raw time serves it. Null for a `$`-named path, which a
 * query cannot name.
 */
export function rawTimeMatch(path: string, bounds: TimeBounds): Record<string, unknown> | null {
  if (isDollarNamed(path)) return null
  const range = (scale: number, slack: number) => ({
    ...(bounds.$gte ? { $gte: bounds.$gte.getTime() / scale - slack } : {}),
    ...(bounds.$lt ? { $lt: bounds.$lt.getTime() / scale + slack } : {})
  })
  return {
    $or: [
      { [path]: { ...bounds } },
      { [path]: range(1, 1) },
      { [path]: range(1000, 1) },
      { [path]: { $type: 'string' } }
    ]
  }
}

import type { FieldMapping } from '../../../../shared/mapping/field-mapping'
import {
  aggregateOn,
  COLLECTIONS,
  type AggregateSpec,
  type SessionDeviceOptions,
  type Stage
} from '../pipeline-spec'
import { fieldPathExpression } from '../field-path-expression'
import { buildMappedEventStages, SESSION_DEVICE_FIELD } from './mapped-event-stages'
import { rawMatchIndex, rawPreMatch } from './mapped-raw-match'
import { buildMappedSessionStages, mappedSessionLookup } from './mapped-session-stages'

/**
 * Whether the pipeline strategy can read a source through this mapping: sessions come from the
 * events (no sessions collection), or from a sessions collection that the events name by a session
 * id. Events with no session id beside a sessions collection are read by the reducer strategy.
 */
export function pipelinesReadMapping(mapping: FieldMapping): boolean {
  return mapping.sessions === null || mapping.events.sessionId !== null
}

/**
 * The builders' options for a source read through a mapping: with no sessions collection, devices
 * ride on the events; with one, the builders look sessions up as on the seed schema, and
 * readThroughMapping points the lookups at the mapped collection.
 */
export function mappedSessionDeviceOptions(mapping: FieldMapping): SessionDeviceOptions {
  return mapping.sessions === null ? { sessionDeviceField: SESSION_DEVICE_FIELD } : {}
}

/**
 * A builder's aggregation read through a mapping: on the mapped events collection, with the
 * normalising prefix (buildMappedEventStages) in front of the builder's own stages, which stay as
 * they are. The prefix derives sessions and devices only when the stages after it read them.
 * Lookups of sessions and users go to the mapped collections, normalised. An aggregation of the
 * sessions runs on the mapped sessions collection behind its own prefix. Other specs are returned
 * as they are (the engine answers those queries by finds).
 */
export function readThroughMapping(spec: AggregateSpec, mapping: FieldMapping): AggregateSpec {
  if (spec.collection === COLLECTIONS.sessions && mapping.sessions) {
    return aggregateOn(mapping.sessions.collection, [
      ...buildMappedSessionStages(mapping.sessions),
      ...spec.pipeline.flatMap((stage) => mappedLookups(stage, mapping))
    ])
  }
  if (spec.collection !== COLLECTIONS.events) return spec
  const text = JSON.stringify(spec.pipeline)
  const needs = {
    sessionId: text.includes('sessionId'),
    sessionDevice: text.includes(`"$${SESSION_DEVICE_FIELD}"`)
  }
  const prefix = buildMappedEventStages(mapping, needs)
  // The range and event names on the raw fields first, where the prefix reads each event on its
  // own: not when the stages read idle-gap sessions (they depend on all of a user's events) nor
  // session devices on the events (the session's first event may lie outside the match).
  const eachOnItsOwn =
    !needs.sessionDevice && (mapping.events.sessionId !== null || !needs.sessionId)
  const raw = eachOnItsOwn ? rawPreMatch(spec.pipeline[0], mapping) : null
  return aggregateOn(
    mapping.events.collection,
    [
      ...(raw ? [{ $match: raw }] : []),
      ...prefix,
      ...spec.pipeline.flatMap((stage) => mappedLookups(stage, mapping))
    ],
    raw ? rawMatchIndex(raw, mapping) : undefined
  )
}

/** A builder's stage with its lookups of the seed's sessions or users made on the mapped ones. */
function mappedLookups(stage: Stage, mapping: FieldMapping): Stage[] {
  const lookup = stage.$lookup as
    { from?: string; localField?: string; as?: string; pipeline?: Stage[] } | undefined
  if (
    lookup?.from === COLLECTIONS.sessions &&
    mapping.sessions &&
    lookup.localField !== undefined &&
    lookup.as !== undefined
  ) {
    return mappedSessionLookup(
      {
        localField: lookup.localField,
        as: lookup.as,
        ...(lookup.pipeline ? { pipeline: lookup.pipeline } : {})
      },
      mapping.sessions
    )
  }
  return [mappedUserLookup(stage, mapping)]
}

/**
 * A builder's `$lookup` of user documents (a page's names and emails) in the mapped users
 * collection and fields; with no users collection, no user document (users are bare ids).
 */
function mappedUserLookup(stage: Stage, mapping: FieldMapping): Stage {
  const lookup = stage.$lookup as { from?: string; as?: string } | undefined
  if (lookup?.from !== COLLECTIONS.users || lookup.as === undefined) return stage
  const users = mapping.users
  if (!users) return { $set: { [lookup.as]: [] } }
  const read = (path: string | null) =>
    path === null ? { $literal: null } : fieldPathExpression(path)
  return {
    $lookup: {
      from: users.collection,
      localField: '_id',
      foreignField: users.id,
      pipeline: [{ $project: { _id: 0, name: read(users.name), email: read(users.email) } }],
      as: lookup.as
    }
  }
}

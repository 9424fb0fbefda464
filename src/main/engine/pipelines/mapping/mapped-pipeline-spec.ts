import type { FieldMapping } from '../../../../shared/mapping/field-mapping'
import {
  aggregateOn,
  COLLECTIONS,
  type AggregateSpec,
  type SessionDeviceOptions
} from '../pipeline-spec'
import { buildMappedEventStages, SESSION_DEVICE_FIELD } from './mapped-event-stages'

/**
 * Whether the pipeline strategy can read a source through this mapping: sessions must come from
 * the events (no sessions collection). A mapped sessions collection is read by the reducer strategy.
 */
export function pipelinesReadMapping(mapping: FieldMapping): boolean {
  return mapping.sessions === null
}

/** The builders' options for a source read through a mapping: devices ride on the events. */
export function mappedSessionDeviceOptions(): Required<SessionDeviceOptions> {
  return { sessionDeviceField: SESSION_DEVICE_FIELD }
}

/**
 * A builder's events aggregation read through a mapping: on the mapped events collection, with the
 * normalising prefix (buildMappedEventStages) in front of the builder's own stages, which stay as
 * they are. The prefix derives sessions and devices only when the stages after it read them.
 * Specs on other collections are returned as they are (the engine answers those queries by finds).
 */
export function readThroughMapping(spec: AggregateSpec, mapping: FieldMapping): AggregateSpec {
  if (spec.collection !== COLLECTIONS.events) return spec
  const text = JSON.stringify(spec.pipeline)
  const prefix = buildMappedEventStages(mapping, {
    sessionId: text.includes('sessionId'),
    sessionDevice: text.includes(`"$${SESSION_DEVICE_FIELD}"`)
  })
  return aggregateOn(mapping.events.collection, [...prefix, ...spec.pipeline])
}

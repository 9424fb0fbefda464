import type { z } from 'zod'
import type { CollectReply } from '../shared/collector/collect-protocol'
import { trackerEventSchema, type TrackerEvent } from '../shared/collector/tracker-events'

/** How far an event's own clock may be from the collector's before it is refused. */
export interface ClockBounds {
  /** An event stamped later than `receivedAt + maxAheadMs` is refused (a clock far ahead). */
  maxAheadMs: number
  /** An event older than `receivedAt - maxAgeMs` is refused (stale, or a clock far behind). */
  maxAgeMs: number
}

export const DEFAULT_CLOCK_BOUNDS: ClockBounds = {
  maxAheadMs: 15 * 60_000,
  maxAgeMs: 30 * 24 * 3600_000
}

export interface AcceptedEvent {
  /** Position in the batch. */
  index: number
  event: TrackerEvent
}

export interface BatchValidation {
  accepted: AcceptedEvent[]
  errors: CollectReply['errors']
}

/**
 * Checks each event of a batch on its own: the valid ones go on to be stored, each invalid one is
 * reported with its position, its id when it has a readable one, and every reason at once.
 */
export function validateBatchEvents(
  events: readonly unknown[],
  receivedAt: number,
  bounds: ClockBounds = DEFAULT_CLOCK_BOUNDS
): BatchValidation {
  const accepted: AcceptedEvent[] = []
  const errors: BatchValidation['errors'] = []
  events.forEach((raw, index) => {
    const reason = reasonToRefuse(raw, receivedAt, bounds)
    if (typeof reason === 'string') {
      const id = readableId(raw)
      errors.push(id === undefined ? { index, reason } : { index, id, reason })
    } else {
      accepted.push({ index, event: reason.event })
    }
  })
  return { accepted, errors }
}

function reasonToRefuse(
  raw: unknown,
  receivedAt: number,
  bounds: ClockBounds
): string | { event: TrackerEvent } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return 'an event must be a JSON object'
  }
  const parsed = trackerEventSchema.safeParse(raw)
  if (!parsed.success) return describeIssues(parsed.error)
  const event = parsed.data
  if (event.timestamp > receivedAt + bounds.maxAheadMs) {
    return `timestamp: ${new Date(event.timestamp).toISOString()} is in the future (the sender's clock is ahead)`
  }
  if (event.timestamp < receivedAt - bounds.maxAgeMs) {
    return `timestamp: ${new Date(event.timestamp).toISOString()} is too old to record`
  }
  return { event }
}

/** `amount: Too small: expected number to be >=0; currency: must be a three-letter…` */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.')
      return path ? `${path}: ${issue.message}` : issue.message
    })
    .join('; ')
}

function readableId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const id = (raw as { id?: unknown }).id
  return typeof id === 'string' && id.length <= 64 ? id : undefined
}

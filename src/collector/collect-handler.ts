import type { RequestHandler } from 'express'
import type { CollectReply } from '../shared/collector/collect-protocol'
import { collectBatchSchema } from '../shared/collector/tracker-events'
import type { BatchGate } from './batch-gate'
import type { BatchWriter } from './batch-writer'
import { errorText, type CollectorLog } from './collector-log'
import { deviceInfoFromUserAgent } from './device-info'
import { describeIssues, validateBatchEvents } from './validate-batch'

export interface CollectHandlerOptions {
  writer: BatchWriter
  gate: BatchGate
  maxEventsPerBatch: number
  log: CollectorLog
  /** The collector's clock (tests of the clock bounds move it). */
  now?: () => number
}

/** Seconds a client should wait before sending again after the database failed a batch. */
const RETRY_AFTER_DB_FAILURE_S = 5

/**
 * `POST /v1/collect`: parses the batch, stores its valid events and answers 200 with what was
 * stored, what was already there and what was rejected (with reasons), only once the database
 * has acknowledged the writes. A database failure answers 503: nothing of the batch is
 * acknowledged, and sending it again is safe.
 */
export function collectHandler(options: CollectHandlerOptions): RequestHandler {
  const now = options.now ?? Date.now
  return async (request, response) => {
    const receivedAt = now()
    if (typeof request.body !== 'string') {
      response.status(415).json({ error: 'Send the batch as text/plain or application/json.' })
      return
    }
    let json: unknown
    try {
      json = JSON.parse(request.body)
    } catch (error) {
      response.status(400).json({ error: `The body is not JSON: ${errorText(error)}` })
      return
    }
    const batch = collectBatchSchema.safeParse(json)
    if (!batch.success) {
      response.status(400).json({ error: `Not a batch: ${describeIssues(batch.error)}` })
      return
    }
    const { events } = batch.data
    if (events.length > options.maxEventsPerBatch) {
      response.status(413).json({
        error: `A batch holds at most ${options.maxEventsPerBatch} events; this one has ${events.length}.`
      })
      return
    }
    if (!options.gate.enter()) {
      response
        .status(503)
        .set({ 'Retry-After': '1', Connection: 'close' })
        .json({ error: 'The collector is shutting down; send the batch again.' })
      return
    }
    try {
      const { accepted, errors } = validateBatchEvents(events, receivedAt)
      const counts =
        accepted.length > 0
          ? await options.writer.write({
              events: accepted.map((entry) => entry.event),
              origin: {
                deviceInfo: deviceInfoFromUserAgent(request.get('user-agent')),
                ipAddress: clientAddress(request.ip)
              }
            })
          : { stored: 0, duplicates: 0 }
      const reply: CollectReply = {
        received: events.length,
        stored: counts.stored,
        duplicates: counts.duplicates,
        rejected: errors.length,
        errors
      }
      if (options.gate.draining) response.set('Connection', 'close')
      response.status(200).json(reply)
    } catch (error) {
      options.log('error', 'a batch was not stored', {
        events: events.length,
        error: errorText(error)
      })
      response
        .status(503)
        .set('Retry-After', String(RETRY_AFTER_DB_FAILURE_S))
        .json({ error: 'The database did not store the batch; send it again.' })
    } finally {
      options.gate.leave()
    }
  }
}

/** `::ffff:192.0.2.1` (IPv4 on a dual-stack socket) → `192.0.2.1`. */
export function clientAddress(ip: string | undefined): string | undefined {
  if (!ip) return undefined
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip
}

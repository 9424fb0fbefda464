import express, { type ErrorRequestHandler, type Express } from 'express'
import helmet from 'helmet'
import type { Db } from 'mongodb'
import { COLLECT_PATH } from '../shared/collector/collect-protocol'
import type { BatchGate } from './batch-gate'
import { BatchWriter } from './batch-writer'
import { clientRateLimit } from './client-rate-limit'
import { collectHandler } from './collect-handler'
import type { CollectorConfig } from './collector-config'
import { errorText, type CollectorLog } from './collector-log'
import { healthRoutes } from './health-routes'
import { answerPreflight, siteAccess } from './site-access'
import { trackerScript } from './tracker-script-route'

export interface CollectorAppOptions {
  config: CollectorConfig
  db: Db
  gate: BatchGate
  log: CollectorLog
  trackerScriptPath?: string
  now?: () => number
}

/**
 * The collector's HTTP surface. A batch passes, in order: the site key and origin (403), the
 * client's rate (429), the body size (413), then the handler (400/413 for a malformed batch, 200
 * with counts, 503 when the database failed). The cheap refusals come first.
 */
export function createCollectorApp(options: CollectorAppOptions): Express {
  const { config, db, gate, log } = options
  const app = express()
  app.set('trust proxy', config.trustProxyHops)
  app.set('query parser', 'simple')
  // The collector is called from the shops' pages and serves them the tracker: cross-origin.
  app.use(helmet({ crossOriginResourcePolicy: { policy: 'cross-origin' } }))
  app.use(healthRoutes(db, gate))
  app.get('/tracker.js', trackerScript(options.trackerScriptPath))

  const access = siteAccess(config.sites)
  app.options(COLLECT_PATH, access, answerPreflight)
  app.post(
    COLLECT_PATH,
    access,
    clientRateLimit(config.rateLimit),
    express.text({ type: ['text/plain', 'application/json'], limit: config.maxBodyBytes }),
    collectHandler({
      writer: new BatchWriter(db),
      gate,
      maxEventsPerBatch: config.maxEventsPerBatch,
      log,
      ...(options.now ? { now: options.now } : {})
    })
  )
  app.use((_request, response) => {
    response
      .status(404)
      .json({ error: `Not found. Batches go to POST ${COLLECT_PATH}?site=<key>.` })
  })
  app.use(bodyErrors(config.maxBodyBytes, log))
  return app
}

/** body-parser's errors (too large, aborted, bad charset) as JSON with the right status. */
function bodyErrors(maxBodyBytes: number, log: CollectorLog): ErrorRequestHandler {
  return (error: unknown, _request, response, next) => {
    if (response.headersSent) {
      next(error)
      return
    }
    const type = (error as { type?: unknown }).type
    if (type === 'entity.too.large') {
      response.status(413).json({ error: `The body is larger than ${maxBodyBytes} bytes.` })
    } else if (type === 'request.aborted' || type === 'request.size.invalid') {
      response.status(400).json({ error: 'The body was cut short.' })
    } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
      response.status(415).json({ error: 'Send the batch as UTF-8 text.' })
    } else {
      log('error', 'request failed', { error: errorText(error) })
      response.status(500).json({ error: 'The collector failed on this request.' })
    }
  }
}

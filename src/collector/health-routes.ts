import { Router } from 'express'
import type { Db } from 'mongodb'
import type { BatchGate } from './batch-gate'
import { errorText } from './collector-log'

const PING_TIMEOUT_MS = 2_000

/**
 * `GET /healthz`: the process answers (liveness). `GET /readyz`: it can take batches now: not
 * shutting down and MongoDB answers a ping (readiness; a load balancer sends traffic elsewhere).
 */
export function healthRoutes(db: Db, gate: BatchGate): Router {
  const router = Router()
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' })
  })
  router.get('/readyz', async (_request, response) => {
    if (gate.draining) {
      response.status(503).json({ ready: false, reason: 'shutting down' })
      return
    }
    try {
      await db.command({ ping: 1 }, { timeoutMS: PING_TIMEOUT_MS })
      response.json({ ready: true })
    } catch (error) {
      response
        .status(503)
        .json({ ready: false, reason: `MongoDB does not answer: ${errorText(error)}` })
    }
  })
  return router
}

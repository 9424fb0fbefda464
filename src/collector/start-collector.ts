import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { MongoClient } from 'mongodb'
import { createRecommendedIndexes } from '../main/data/loader/create-recommended-indexes'
import { connectMongoClient } from '../main/mongo-client/connect-mongo-client'
import { BatchGate } from './batch-gate'
import type { CollectorConfig } from './collector-config'
import { errorText, jsonLinesLog, type CollectorLog } from './collector-log'
import { createCollectorApp } from './create-collector-app'

export interface RunningCollector {
  /** `http://host:port`, the tracker's endpoint. */
  url: string
  port: number
  /**
   * Graceful stop: refuses new batches, finishes and answers those in flight (up to the grace
   * period), closes the connections and the database client. Safe to call twice.
   */
  stop: () => Promise<void>
}

export interface StartCollectorOptions {
  log?: CollectorLog
  trackerScriptPath?: string
}

const SERVER_SELECTION_TIMEOUT_MS = 10_000

/** Connects to MongoDB, creates the recommended indexes, then listens. */
export async function startCollector(
  config: CollectorConfig,
  options: StartCollectorOptions = {}
): Promise<RunningCollector> {
  const log = options.log ?? jsonLinesLog()
  const client = await connectMongoClient(config.uri, { timeoutMS: SERVER_SELECTION_TIMEOUT_MS })
  try {
    const db = client.db(config.database)
    await db.command({ ping: 1 })
    for (const index of await createRecommendedIndexes(db)) {
      if (!index.created || index.note) {
        log(index.created ? 'info' : 'warn', 'index', {
          collection: index.collection,
          name: index.name,
          created: index.created,
          note: index.note
        })
      }
    }
    const gate = new BatchGate()
    const app = createCollectorApp({
      config,
      db,
      gate,
      log,
      ...(options.trackerScriptPath ? { trackerScriptPath: options.trackerScriptPath } : {})
    })
    const server = await listen(app, config.host, config.port)
    server.keepAliveTimeout = 5_000
    const port = (server.address() as AddressInfo).port
    const host = config.host.includes(':') ? `[${config.host}]` : config.host
    let stopping: Promise<void> | undefined
    return {
      url: `http://${host}:${port}`,
      port,
      stop: () => (stopping ??= drainAndClose(server, gate, client, config.shutdownGraceMs, log))
    }
  } catch (error) {
    await client.close().catch(() => undefined)
    throw error
  }
}

function listen(
  app: ReturnType<typeof createCollectorApp>,
  host: string,
  port: number
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) reject(error)
      else resolve(server)
    })
  })
}

async function drainAndClose(
  server: Server,
  gate: BatchGate,
  client: MongoClient,
  graceMs: number,
  log: CollectorLog
): Promise<void> {
  const inFlight = gate.active
  log('info', 'stopping', { batchesInFlight: inFlight })
  const closed = new Promise<void>((resolve) => {
    server.close(() => {
      resolve()
    })
  })
  server.closeIdleConnections()
  let timer: NodeJS.Timeout | undefined
  const graceOver = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout')
    }, graceMs)
  })
  const outcome = await Promise.race([gate.drain().then(() => 'drained' as const), graceOver])
  clearTimeout(timer)
  if (outcome === 'timeout') {
    log('warn', 'grace period over: closing connections of unfinished batches', {
      batchesInFlight: gate.active
    })
  }
  // Every answer has been written; connections still open are idle keep-alives.
  server.closeAllConnections()
  await closed
  await client.close().catch((error: unknown) => {
    log('warn', 'closing the MongoDB client failed', { error: errorText(error) })
  })
  log('info', 'stopped', { batchesFinished: inFlight - gate.active })
}

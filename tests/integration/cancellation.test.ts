import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  MongoClient,
  type CommandFailedEvent,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type Document
} from 'mongodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { projectRoot } from '../../src/main/app-paths'
import { composeServices, type ComposedServices } from '../../src/main/compose-services'
import { drainCursor } from '../../src/main/engine/mongo/run-find'
import { ReducerEngine } from '../../src/main/engine/mongo/reducer-engine'
import { JsonFileConnectionRepository } from '../../src/main/services/connections/json-file-repository'
import { JsonFileSavedFunnelsRepository } from '../../src/main/services/funnels/json-file-saved-funnels-repository'
import { SessionSecretBox } from '../../src/main/services/connections/secret-box'
import { startWebBridge, type WebBridge } from '../../src/main/web/web-bridge'
import type { DataSource } from '../../src/shared/journeys/data-source'
import { funnelQuerySchema } from '../../src/shared/journeys/query-schemas'
import type { Progress } from '../../src/shared/rpc/contract'
import { decodeWire, encodeWire, type RpcResponse } from '../../src/shared/rpc/wire'
import { BridgeClient } from '../helpers/bridge-client'
import { readFerretdbCounts } from '../helpers/ferretdb-metrics'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import { generateFolder, loadFolder, type GeneratedFolder } from './journey-fixtures'

/*
 * Cancelling stops the work and closes the server's cursor, on every path a cancel can take: the
 * engine's AbortSignal (both strategies' cursor reader), the router (what the IPC cancel channel
 * calls), `/api/cancel`, a closed HTTP connection and Ctrl-C on the command line. Proved from the
 * driver's command monitoring (`killCursors` for the cursor the find opened) and from the server's
 * own count of open cursors (FerretDB's metrics), mid-stream on some 60,000 events.
 */

const testDb = useTestDatabase()
let data: GeneratedFolder
let monitored: MongoClient
const commands: { event: 'started' | 'succeeded' | 'failed'; name: string; doc: Document }[] = []
let home: string
let services: ComposedServices
let bridge: WebBridge
let source: DataSource

/** The engine must give up within this long after the abort (200 ms on a quiet machine). */
const STOP_LIMIT_MS = 500

beforeAll(async () => {
  data = await generateFolder({ users: 1400, seed: 31 })
  await loadFolder(data.folder, testDb.db)
  monitored = new MongoClient(testDb.server.uri, { monitorCommands: true })
  monitored.on('commandStarted', (e: CommandStartedEvent) =>
    commands.push({ event: 'started', name: e.commandName, doc: e.command })
  )
  monitored.on('commandSucceeded', (e: CommandSucceededEvent) =>
    commands.push({ event: 'succeeded', name: e.commandName, doc: e.reply as Document })
  )
  monitored.on('commandFailed', (e: CommandFailedEvent) =>
    commands.push({ event: 'failed', name: e.commandName, doc: { message: e.failure.message } })
  )
  await monitored.connect()
  home = await mkdtemp(join(tmpdir(), 'jw-cancel-'))
  services = composeServices({
    repository: new JsonFileConnectionRepository(join(home, 'connections.json')),
    secrets: new SessionSecretBox(),
    savedFunnels: new JsonFileSavedFunnelsRepository(join(home, 'saved-funnels.json')),
    demoFolder: data.folder,
    workspacesFolder: join(home, 'workspaces')
  })
  bridge = await startWebBridge({
    backend: { router: services.router },
    rendererDir: home,
    port: 0
  })
  const added = await services.connections.add({ name: 'test server', uri: testDb.server.uri })
  source = { kind: 'connection', connectionId: added.id, database: testDb.name }
}, 300_000)

afterAll(async () => {
  await bridge.close()
  await services.close()
  await monitored.close()
  await rm(home, { recursive: true, force: true })
  await data.remove()
})

const STRICT_FUNNEL = {
  mode: 'strict' as const,
  steps: [
    { eventType: 'PAGE_VIEW', pageUrl: '/product/*' },
    { eventType: 'ADD_TO_CART' },
    { eventType: 'PURCHASE' }
  ]
}

/** Resolves once the server says no cursor of this database is open (FerretDB only). */
async function expectServerCursorsClosed(): Promise<void> {
  const metricsUrl = testDb.server.metricsUrl
  if (!metricsUrl) return
  await vi.waitFor(
    async () => {
      expect((await readFerretdbCounts(metricsUrl, testDb.name)).openCursors).toBe(0)
    },
    { timeout: 60_000, interval: 200 }
  )
}

/** The id of the last cursor a find on `collection` opened (from its reply). */
function lastCursorId(collection: string): string {
  const started = commands.filter((c) => c.event === 'started' && c.name === 'find')
  expect(started.at(-1)?.doc.find).toBe(collection)
  const reply = commands.filter((c) => c.event === 'succeeded' && c.name === 'find').at(-1)
  return String((reply?.doc.cursor as { id: unknown } | undefined)?.id)
}

function killCursorsSentFor(cursorId: string): boolean {
  return commands.some(
    (c) =>
      c.event === 'started' &&
      c.name === 'killCursors' &&
      (c.doc.cursors as unknown[]).map(String).includes(cursorId)
  )
}

describe('the cursor reader both MongoDB strategies use', () => {
  it('stops a funnel mid-stream within the limit and kills its cursor', async () => {
    const engine = new ReducerEngine(monitored.db(testDb.name), {
      cursor: { batchSize: 500, maxTimeMS: 120_000 }
    })
    const controller = new AbortController()
    let abortedAt = 0
    commands.length = 0
    const { source: _s, ...query } = funnelQuerySchema.parse({ source, ...STRICT_FUNNEL })
    const running = engine.funnel(query, {
      signal: controller.signal,
      reportProgress: (p) => {
        if (p.phase === 'Reading events' && p.done >= 2000 && abortedAt === 0) {
          abortedAt = performance.now()
          controller.abort()
        }
      }
    })
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(performance.now() - abortedAt).toBeLessThan(STOP_LIMIT_MS)
    expect(abortedAt).toBeGreaterThan(0)
    const cursorId = lastCursorId('events')
    expect(cursorId).not.toBe('0')
    await vi.waitFor(() => {
      expect(killCursorsSentFor(cursorId)).toBe(true)
    })
    // Nothing is read after the cancel: at most the getMore that was already in flight.
    const killedAt = commands.findIndex((c) => c.event === 'started' && c.name === 'killCursors')
    const getMoresAfter = commands
      .slice(killedAt)
      .filter((c) => c.event === 'started' && c.name === 'getMore')
    expect(getMoresAfter).toEqual([])
    await expectServerCursorsClosed()
  })

  it('aborts the first round trip when the server has not answered yet', async () => {
    const engine = new ReducerEngine(monitored.db(testDb.name), {
      cursor: { batchSize: 500, maxTimeMS: 120_000 }
    })
    const controller = new AbortController()
    commands.length = 0
    const { source: _s, ...query } = funnelQuerySchema.parse({ source, ...STRICT_FUNNEL })
    const running = engine.funnel(query, {
      signal: controller.signal,
      reportProgress: () => undefined
    })
    await vi.waitFor(() => {
      expect(commands.some((c) => c.event === 'started' && c.name === 'find')).toBe(true)
    })
    const abortedAt = performance.now()
    controller.abort()
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(performance.now() - abortedAt).toBeLessThan(STOP_LIMIT_MS)
    // The find was abandoned (its connection closed), not answered and read.
    expect(commands.some((c) => c.event === 'failed' && c.name === 'find')).toBe(true)
    expect(commands.some((c) => c.name === 'getMore')).toBe(false)
    await expectServerCursorsClosed()
  })

  it('closes an aggregation cursor (the pipeline strategy reads its rows this way)', async () => {
    const controller = new AbortController()
    commands.length = 0
    let abortedAt = 0
    const collection = monitored.db(testDb.name).collection('events')
    const reading = drainCursor(
      (signal) => collection.aggregate([{ $match: {} }], { batchSize: 500, signal }),
      {
        signal: controller.signal,
        reportProgress: (p) => {
          if (p.done >= 1500 && abortedAt === 0) {
            abortedAt = performance.now()
            controller.abort()
          }
        }
      },
      'Running events aggregate',
      () => undefined
    )
    await expect(reading).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(performance.now() - abortedAt).toBeLessThan(STOP_LIMIT_MS)
    const reply = commands.find((c) => c.event === 'succeeded' && c.name === 'aggregate')
    const cursorId = String((reply?.doc.cursor as { id: unknown }).id)
    await vi.waitFor(() => {
      expect(killCursorsSentFor(cursorId)).toBe(true)
    })
    await expectServerCursorsClosed()
  })
})

describe('cancelling through the transports', () => {
  it('the router (the IPC cancel channel) cancels a running overview', async () => {
    const requestId = 'cancel-router-1'
    let abortedAt = 0
    const reply = services.router.dispatch(
      'journeys.overview',
      { requestId, payload: encodeWire({ source }) },
      (progress: Progress) => {
        if (progress.phase === 'Reading events' && progress.done > 0 && abortedAt === 0) {
          abortedAt = performance.now()
          expect(services.router.cancel(requestId)).toBe(true)
        }
      }
    )
    const response: RpcResponse = await reply
    expect(abortedAt).toBeGreaterThan(0)
    expect(performance.now() - abortedAt).toBeLessThan(STOP_LIMIT_MS)
    expect(response).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    await expectServerCursorsClosed()
  })

  it('/api/cancel cancels a call over HTTP', async () => {
    const client = new BridgeClient(bridge.port, bridge.token)
    const requestId = 'cancel-http-1'
    let cancelledAt = 0
    const outcome = await client.call(
      'journeys.overview',
      { source },
      {
        requestId,
        onProgress: (progress) => {
          if (progress.phase === 'Reading events' && progress.done > 0 && cancelledAt === 0) {
            cancelledAt = performance.now()
            void client.cancel(requestId)
          }
        }
      }
    )
    expect(cancelledAt).toBeGreaterThan(0)
    expect(performance.now() - cancelledAt).toBeLessThan(STOP_LIMIT_MS)
    expect(outcome).toMatchObject({ kind: 'error', error: { code: 'CANCELLED' } })
    await expectServerCursorsClosed()
  })

  it('a closed HTTP connection cancels the call', async () => {
    const client = new BridgeClient(bridge.port, bridge.token)
    const controller = new AbortController()
    let closedAt = 0
    const outcome = await client.call(
      'journeys.overview',
      { source },
      {
        requestId: 'cancel-http-2',
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.phase === 'Reading events' && progress.done > 0 && closedAt === 0) {
            closedAt = performance.now()
            controller.abort()
          }
        }
      }
    )
    expect(outcome.kind).toBe('closed')
    await vi.waitFor(
      () => {
        expect(services.router.runningCalls).toBe(0)
      },
      { timeout: STOP_LIMIT_MS, interval: 10 }
    )
    expect(performance.now() - closedAt).toBeLessThan(STOP_LIMIT_MS * 2)
    await expectServerCursorsClosed()
  })

  it('Ctrl-C stops the command line, which says so and exits 1', async () => {
    const child = spawn(
      process.execPath,
      [
        join(projectRoot(), 'bin', 'journey.mjs'),
        'overview',
        '--uri',
        testDb.server.uri,
        '--db',
        testDb.name,
        '--progress'
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let stderr = ''
    let interruptedAt = 0
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk
      if (interruptedAt === 0 && /Reading events: [1-9]/.test(stderr)) {
        interruptedAt = performance.now()
        child.kill('SIGINT')
      }
    })
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (exitCode) => {
        resolve(exitCode)
      })
    })
    expect(interruptedAt).toBeGreaterThan(0)
    expect(stderr).toMatch(/cancelled/i)
    expect(code).toBe(1)
    await expectServerCursorsClosed()
  })
})

describe('a cancelled call leaves the service usable', () => {
  it('answers the next call on the same connection', async () => {
    const reply = await services.router.dispatch('journeys.searchCustomers', {
      requestId: 'after-cancel-1',
      payload: encodeWire({ source, text: 'a' })
    })
    expect(reply.ok).toBe(true)
    const result = reply.ok ? (decodeWire(reply.result) as { total: number }) : { total: 0 }
    expect(result.total).toBeGreaterThan(0)
  })
})

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { composeServices, type ComposedServices } from '../../src/main/compose-services'
import { JsonFileConnectionRepository } from '../../src/main/services/connections/json-file-repository'
import { SessionSecretBox } from '../../src/main/services/connections/secret-box'
import { JsonFileSavedFunnelsRepository } from '../../src/main/services/funnels/json-file-saved-funnels-repository'
import { startWebBridge, type WebBridge } from '../../src/main/web/web-bridge'
import { AppError } from '../../src/shared/errors'
import type { DataSource } from '../../src/shared/journeys/data-source'
import { funnelQuerySchema } from '../../src/shared/journeys/query-schemas'
import type { FunnelResult } from '../../src/shared/journeys/results'
import type { CallContext } from '../../src/shared/rpc/contract'
import { BridgeClient } from '../helpers/bridge-client'
import { startDedicatedFerretdb, type DedicatedFerretdb } from '../helpers/dedicated-ferretdb'
import { readFerretdbCounts } from '../helpers/ferretdb-metrics'
import {
  answerOf,
  callContext,
  generateFolder,
  loadFolder,
  type GeneratedFolder
} from './journey-fixtures'

/*
 * The server stopped under a running query (SIGKILL, as a crash would): the query fails with
 * CONNECTION_LOST and a message that says what happened and what to do; a query while it is down
 * says the connection is refused; once the server is back on the same port the same services,
 * without any reconnect by hand, answer the next query exactly, from a new client (the old one is
 * closed, not waited on). The same when it stopped while idle, and through the web bridge.
 * A FerretDB of this file's own, so the shared integration server is never stopped.
 */

let server: DedicatedFerretdb
let data: GeneratedFolder
let home: string
let services: ComposedServices
let bridge: WebBridge
let source: DataSource
let expected: FunnelResult

const DATABASE = 'shop'
/**
 * Every `buildInfo` the services' clients send (command monitoring of the real driver): a new client
 * names its server again, so a count that grows shows the next query connected afresh.
 */
const buildInfos: string[] = []
/** Every event, user by user: several batches of 5,000, so the kill lands between two. */
const STRICT_FUNNEL = {
  mode: 'strict' as const,
  steps: [
    { eventType: 'PAGE_VIEW', pageUrl: '/product/*' },
    { eventType: 'ADD_TO_CART' },
    { eventType: 'PURCHASE' }
  ]
}

beforeAll(async () => {
  data = await generateFolder({ users: 500, seed: 41 })
  expect(data.counts.events).toBeGreaterThan(12_000)
  server = await startDedicatedFerretdb()
  const loader = new MongoClient(server.uri)
  try {
    await loadFolder(data.folder, loader.db(DATABASE))
  } finally {
    await loader.close()
  }
  home = await mkdtemp(join(tmpdir(), 'jw-restart-'))
  services = composeServices(
    {
      repository: new JsonFileConnectionRepository(join(home, 'connections.json')),
      secrets: new SessionSecretBox(),
      savedFunnels: new JsonFileSavedFunnelsRepository(join(home, 'saved-funnels.json')),
      demoFolder: data.folder,
      workspacesFolder: join(home, 'workspaces'),
      // The expected answer is read from the generated folder: the app reads only opened folders.
      openedFolders: [data.folder]
    },
    {
      mongoClient: {
        onCommand: (event) => {
          if (event.commandName === 'buildInfo') buildInfos.push(event.address)
        }
      }
    }
  )
  bridge = await startWebBridge({
    backend: { router: services.router },
    rendererDir: home,
    port: 0
  })
  const added = await services.connections.add({ name: 'dedicated', uri: server.uri })
  source = { kind: 'connection', connectionId: added.id, database: DATABASE }
  expected = await services.journeys.funnel(
    funnelQuerySchema.parse({ source: { kind: 'folder', path: data.folder }, ...STRICT_FUNNEL }),
    callContext()
  )
  expect(expected.steps[0]?.users).toBeGreaterThan(0)
}, 300_000)

afterAll(async () => {
  await bridge.close()
  await services.close()
  await server.stop()
  await rm(home, { recursive: true, force: true })
  await data.remove()
})

const funnelInput = () => funnelQuerySchema.parse({ source, ...STRICT_FUNNEL })

/** A context that kills the server when the first batch of events has arrived. */
function killingAfterFirstBatch(): CallContext & { killedAt: () => number } {
  let killedAt = 0
  return {
    signal: new AbortController().signal,
    reportProgress: (progress) => {
      if (progress.phase === 'Reading events' && progress.done > 0 && killedAt === 0) {
        killedAt = progress.done
        server.kill()
      }
    },
    killedAt: () => killedAt
  }
}

const LOST =
  /^The connection to 127\.0\.0\.1:\d+ was lost during the query \(.+\): the server stopped or the network dropped\. The app reconnects by itself once the server answers again; run the query again then\.$/

describe('the server stopped and started again', () => {
  it('fails with CONNECTION_LOST, refuses while down, and answers again once it is back', async () => {
    // Warm: the connection, the capabilities and the engine exist before the kill.
    expect(answerOf(await services.journeys.funnel(funnelInput(), callContext()))).toEqual(
      answerOf(expected)
    )
    const context = killingAfterFirstBatch()
    const error = await services.journeys.funnel(funnelInput(), context).catch((e: unknown) => e)
    expect(context.killedAt()).toBeGreaterThan(0)
    expect(context.killedAt()).toBeLessThan(data.counts.events)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('CONNECTION_LOST')
    expect((error as AppError).message).toMatch(LOST)
    const namedBefore = buildInfos.length

    const down: unknown = await services.journeys
      .funnel(funnelInput(), callContext())
      .catch((e: unknown) => e)
    expect(down).toMatchObject({ code: 'CONNECTION_REFUSED' })
    expect((down as AppError).message).toMatch(
      /^Cannot connect to 127\.0\.0\.1:\d+: connection refused\. Is the server running and the port right\?$/
    )

    await server.restart()
    const again = await services.journeys.funnel(funnelInput(), callContext())
    expect(answerOf(again)).toEqual(answerOf(expected))
    // The lost client was closed, not waited on: the answer came from a new one.
    expect(buildInfos.length).toBeGreaterThan(namedBefore)
  })

  it('stopped while idle: a query while it is down is refused, the next one after the restart answers from a new client', async () => {
    expect(answerOf(await services.journeys.funnel(funnelInput(), callContext()))).toEqual(
      answerOf(expected)
    )
    server.kill()
    const down: unknown = await services.journeys
      .funnel(funnelInput(), callContext())
      .catch((e: unknown) => e)
    expect(down).toMatchObject({ code: 'CONNECTION_REFUSED' })
    const namedBefore = buildInfos.length

    await server.restart()
    const again = await services.journeys.funnel(funnelInput(), callContext())
    expect(answerOf(again)).toEqual(answerOf(expected))
    expect(buildInfos.length).toBeGreaterThan(namedBefore)
  })

  it('through the web bridge: the error envelope, then the next call answers', async () => {
    const client = new BridgeClient(bridge.port, bridge.token)
    let killed = false
    const outcome = await client.call('journeys.funnel', funnelInput(), {
      onProgress: (progress) => {
        if (progress.phase === 'Reading events' && progress.done > 0 && !killed) {
          killed = true
          server.kill()
        }
      }
    })
    expect(killed).toBe(true)
    expect(outcome.kind).toBe('error')
    if (outcome.kind !== 'error') return
    expect(outcome.error.code).toBe('CONNECTION_LOST')
    expect(outcome.error.message).toMatch(LOST)
    const namedBefore = buildInfos.length

    await server.restart()
    const again = await client.call('journeys.funnel', funnelInput())
    // The whole outcome in the message if it is not an answer.
    expect(again.kind === 'ok' ? 'ok' : JSON.stringify(again)).toBe('ok')
    if (again.kind !== 'ok') return
    expect(answerOf(again.result as FunnelResult)).toEqual(answerOf(expected))
    expect(buildInfos.length).toBeGreaterThan(namedBefore)
    // Nothing left open on the server after the successful query.
    const counts = await readFerretdbCounts(server.metricsUrl(), DATABASE)
    expect(counts.openCursors).toBe(0)
  })
})

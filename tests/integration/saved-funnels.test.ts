import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoWorkspaceFolder } from '../../src/main/app-paths'
import { composeServices, type ComposedServices } from '../../src/main/compose-services'
import { JsonFileConnectionRepository } from '../../src/main/services/connections/json-file-repository'
import { SessionSecretBox } from '../../src/main/services/connections/secret-box'
import { JsonFileSavedFunnelsRepository } from '../../src/main/services/funnels/json-file-saved-funnels-repository'
import { startWebBridge, type WebBridge } from '../../src/main/web/web-bridge'
import type { ErrorEnvelope } from '../../src/shared/errors'
import { decodeWire, encodeWire, type RpcResponse } from '../../src/shared/rpc/wire'

/** The web mode as `npm run web` composes it, over a data folder, with a fresh token. */
interface RunningApp {
  services: ComposedServices
  bridge: WebBridge
}

let dataDir: string
let rendererDir: string
const running: RunningApp[] = []

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'jw-saved-funnels-'))
  rendererDir = await mkdtemp(join(tmpdir(), 'jw-renderer-'))
  await writeFile(join(rendererDir, 'index.html'), '<title>Journey Workbench</title>')
})

afterEach(async () => {
  for (const app of running.splice(0)) {
    await app.bridge.close()
    await app.services.close()
  }
  await rm(dataDir, { recursive: true, force: true })
  await rm(rendererDir, { recursive: true, force: true })
})

async function startApp(): Promise<RunningApp> {
  const services = composeServices({
    repository: new JsonFileConnectionRepository(join(dataDir, 'connections.json')),
    secrets: new SessionSecretBox(),
    savedFunnels: new JsonFileSavedFunnelsRepository(join(dataDir, 'saved-funnels.json')),
    demoFolder: demoWorkspaceFolder(),
    workspacesFolder: join(dataDir, 'workspaces')
  })
  const bridge = await startWebBridge({
    backend: { router: services.router },
    rendererDir,
    port: 0
  })
  const app = { services, bridge }
  running.push(app)
  return app
}

let requestCounter = 0

/** One call as the renderer makes it: POST, Extended JSON payload, NDJSON answer. */
async function call(app: RunningApp, channel: string, input: unknown): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${app.bridge.port}/api/rpc/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.bridge.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ requestId: `r${String(++requestCounter)}`, payload: encodeWire(input) })
  })
  const lines = (await response.text()).trim().split('\n')
  const reply = (JSON.parse(lines.at(-1) ?? '{}') as { response: RpcResponse }).response
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error)
  return decodeWire(reply.result)
}

const demo = { kind: 'demo' }
const definition = {
  steps: [
    { eventType: 'PAGE_VIEW', pageUrl: '/cart' },
    { eventType: 'PAGE_VIEW', pageUrl: '/checkout*' },
    { eventType: 'PURCHASE' }
  ],
  mode: 'ordered',
  window: { amount: 3, unit: 'd' },
  breakdown: 'browser'
}

interface Listed {
  funnels: { id: string; name: string; definition: unknown; createdAt: Date }[]
  notices: string[]
}

describe('saved funnels through the web bridge', () => {
  it('saves, renames and deletes; a restarted app reads them back from the data folder', async () => {
    const app = await startApp()
    const saved = (await call(app, 'funnels.save', {
      source: demo,
      name: '  Cart to purchase  ',
      definition
    })) as { id: string; name: string; createdAt: Date }
    expect(saved.name).toBe('Cart to purchase')
    expect(saved.createdAt).toBeInstanceOf(Date)
    await call(app, 'funnels.rename', { source: demo, id: saved.id, name: 'Checkout' })

    const restarted = await startApp()
    const listed = (await call(restarted, 'funnels.list', { source: demo })) as Listed
    expect(listed.notices).toEqual([])
    expect(listed.funnels.map((f) => [f.id, f.name, f.definition])).toEqual([
      [saved.id, 'Checkout', definition]
    ])
    const file = JSON.parse(await readFile(join(dataDir, 'saved-funnels.json'), 'utf8')) as {
      version: number
      funnels: { sourceKey: string }[]
    }
    expect(file.version).toBe(1)
    expect(file.funnels.map((f) => f.sourceKey)).toEqual(['demo'])

    expect(await call(restarted, 'funnels.remove', { source: demo, id: saved.id })).toEqual({
      removed: true
    })
    expect(((await call(app, 'funnels.list', { source: demo })) as Listed).funnels).toEqual([])
  })

  it('refuses a definition the funnel query would refuse, naming what is wrong', async () => {
    const app = await startApp()
    const oneStep = { ...definition, steps: [{ eventType: 'PURCHASE' }] }
    await expect(
      call(app, 'funnels.save', { source: demo, name: 'Short', definition: oneStep })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' } satisfies Partial<ErrorEnvelope>)
    const tooLong = { ...definition, window: { amount: 400, unit: 'd' } }
    await expect(
      call(app, 'funnels.save', { source: demo, name: 'Long', definition: tooLong })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(
      call(app, 'funnels.save', { source: demo, name: '   ', definition })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(((await call(app, 'funnels.list', { source: demo })) as Listed).funnels).toEqual([])
  })

  it('keeps each source apart: the demo and two databases of one connection', async () => {
    const app = await startApp()
    const shop = { kind: 'connection', connectionId: 'c1', database: 'shop' }
    const archive = { kind: 'connection', connectionId: 'c1', database: 'archive' }
    await call(app, 'funnels.save', { source: demo, name: 'Same name', definition })
    await call(app, 'funnels.save', { source: shop, name: 'Same name', definition })
    const names = async (source: unknown) =>
      ((await call(app, 'funnels.list', { source })) as Listed).funnels.map((f) => f.name)
    expect(await names(shop)).toEqual(['Same name'])
    expect(await names(archive)).toEqual([])
    expect(await names(demo)).toEqual(['Same name'])
  })

  it('answers from a damaged file with what it could read, and says where the backup is', async () => {
    const app = await startApp()
    await call(app, 'funnels.save', { source: demo, name: 'Kept', definition })
    const file = join(dataDir, 'saved-funnels.json')
    const stored = JSON.parse(await readFile(file, 'utf8')) as { funnels: unknown[] }
    stored.funnels.push({ id: 'x', sourceKey: 'demo', name: 'Broken', definition: { mode: 'odd' } })
    await writeFile(file, JSON.stringify(stored))

    const restarted = await startApp()
    const listed = (await call(restarted, 'funnels.list', { source: demo })) as Listed
    expect(listed.funnels.map((f) => f.name)).toEqual(['Kept'])
    expect(listed.notices).toHaveLength(1)
    expect(listed.notices[0]).toContain('"Broken"')
    const backup = /kept as (\S+)\.$/.exec(listed.notices[0] ?? '')?.[1] ?? ''
    expect(backup.startsWith(join(dataDir, 'saved-funnels.backup-'))).toBe(true)
    expect(await readFile(backup, 'utf8')).toContain('"Broken"')
  })
})

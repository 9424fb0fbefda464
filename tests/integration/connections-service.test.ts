import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoWorkspaceFolder } from '../../src/main/app-paths'
import { ConnectionsService } from '../../src/main/services/connections/connections-service'
import { JsonFileConnectionRepository } from '../../src/main/services/connections/json-file-repository'
import { SessionSecretBox } from '../../src/main/services/connections/secret-box'
import { startSecuredFerretdb, type SecuredFerretdb } from '../helpers/secured-ferretdb'
import { requireTestServer } from '../helpers/test-server/use-test-database'

let dir: string
let connections: ConnectionsService
let secured: SecuredFerretdb
const signal = new AbortController().signal

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jw-connections-it-'))
  connections = new ConnectionsService({
    repository: new JsonFileConnectionRepository(join(dir, 'connections.json')),
    secrets: new SessionSecretBox(),
    demoFolder: demoWorkspaceFolder(),
    serverSelectionTimeoutMS: 3000
  })
  secured = await startSecuredFerretdb()
})

afterAll(async () => {
  await secured.stop()
  await rm(dir, { recursive: true, force: true })
})

async function testUri(name: string, uri: string) {
  const added = await connections.add({ name, uri })
  return connections.test({ id: added.id }, { signal })
}

describe('connection tests against real servers', () => {
  it('reads the version and what the test server supports', async () => {
    const server = requireTestServer()
    const result = await testUri('Test server', server.uri)
    expect(result.capabilities.flavor).toBe(server.flavor === 'FerretDB' ? 'ferretdb' : 'mongodb')
    expect(server.version).toContain(result.capabilities.version.replace(/^v/, ''))
    expect(result.latencyMs).toBeGreaterThanOrEqual(0)
    // An open server lets anyone list its databases: a list (maybe empty), never "not allowed".
    expect(Array.isArray(result.databases)).toBe(true)
    if (server.flavor === 'FerretDB') {
      expect(result.capabilities.strategy).toBe('reducer')
      expect(result.capabilities.pipelineFeatures.some((f) => !f.supported)).toBe(true)
    }
  })

  it('tests the demo workspace as the local engine', async () => {
    const result = await connections.test({ id: 'demo' }, { signal })
    expect(result.capabilities).toMatchObject({ flavor: 'local', strategy: 'local' })
  })

  it('connects with the right password and refuses a wrong one as AUTH_FAILED', async () => {
    const good = await testUri('Secured', secured.authUri(secured.user, secured.password))
    expect(good.capabilities.flavor).toBe('ferretdb')
    await expect(
      testUri('Secured, wrong password', secured.authUri(secured.user, 'wrong'))
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('Authentication failed') as unknown
    })
  })

  it('names an unreachable port, an unknown host and a TLS failure, each differently', async () => {
    await expect(testUri('Refused', 'mongodb://127.0.0.1:1/')).rejects.toMatchObject({
      code: 'CONNECTION_REFUSED'
    })
    await expect(
      testUri('Unknown host', 'mongodb://no-such-host.invalid:27017/')
    ).rejects.toMatchObject({
      code: 'HOST_NOT_FOUND'
    })
    await expect(testUri('Untrusted TLS', secured.tlsUri)).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining('certificate') as unknown
    })
  })

  it('can be cancelled while it waits for a server that never answers', async () => {
    // A loopback listener that accepts connections and says nothing: the test would wait its timeout.
    const silent = createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as AddressInfo
    try {
      const added = await connections.add({ name: 'Silent', uri: `mongodb://127.0.0.1:${port}/` })
      const controller = new AbortController()
      const pending = connections.test({ id: added.id }, { signal: controller.signal })
      setTimeout(() => {
        controller.abort()
      }, 200)
      await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' })
    } finally {
      silent.close()
    }
  })
})

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConnectionsService } from '../../../src/main/services/connections/connections-service'
import { JsonFileConnectionRepository } from '../../../src/main/services/connections/json-file-repository'
import { SessionSecretBox } from '../../../src/main/services/connections/secret-box'
import { DEFAULT_QUERY_SETTINGS } from '../../../src/shared/contracts/connections-contract'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'

let dir: string
let file: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jw-connections-'))
  file = join(dir, 'connections.json')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function service(secrets = new SessionSecretBox()) {
  return new ConnectionsService({
    repository: new JsonFileConnectionRepository(file),
    secrets,
    demoFolder: join(dir, 'demo')
  })
}

describe('ConnectionsService', () => {
  it('lists the demo workspace first, then saved connections by name', async () => {
    const connections = service()
    await connections.add({ name: 'Zeta', uri: 'mongodb://z.example:27017/' })
    await connections.add({ name: 'Alpha', uri: 'mongodb://a.example:27017/shop' })
    const names = (await connections.list()).map((c) => c.name)
    expect(names).toEqual(['Demo workspace', 'Alpha', 'Zeta'])
  })

  it('never writes a password in clear, and gives it back to the engines only', async () => {
    const secrets = new SessionSecretBox()
    const connections = service(secrets)
    const added = await connections.add({
      name: 'Prod',
      uri: 'mongodb://bob:hunter2@db.example/shop'
    })
    expect(added.redactedUri).toBe('mongodb://bob:*****@db.example/shop')
    expect(added.passwordStorage).toBe('session')
    expect(await readFile(file, 'utf8')).not.toContain('hunter2')
    expect(await connections.resolveConnectionUri(added.id)).toBe(
      'mongodb://bob:hunter2@db.example/shop'
    )
  })

  it('says clearly when a session-only password is gone after a restart', async () => {
    const added = await service().add({
      name: 'Prod',
      uri: 'mongodb://bob:hunter2@db.example/shop'
    })
    const restarted = service()
    const listed = (await restarted.list()).find((c) => c.id === added.id)
    expect(listed?.passwordAvailable).toBe(false)
    await expect(restarted.resolveConnectionUri(added.id)).rejects.toMatchObject({
      code: 'AUTH_FAILED'
    })
  })

  it('takes a lost session-only password again, sealed, and connects with it', async () => {
    const added = await service().add({
      name: 'Prod',
      uri: 'mongodb://bob:hunter2@db.example/shop'
    })
    const restarted = service()
    const updated = await restarted.setPassword({ id: added.id, password: 'n3w p@ss' })
    expect(updated).toMatchObject({ passwordAvailable: true, passwordStorage: 'session' })
    expect(updated.redactedUri).toBe('mongodb://bob:*****@db.example/shop')
    expect(await readFile(file, 'utf8')).not.toContain('n3w')
    expect(await restarted.resolveConnectionUri(added.id)).toBe(
      'mongodb://bob:n3w%20p%40ss@db.example/shop'
    )
    expect((await restarted.list()).find((c) => c.id === added.id)?.passwordAvailable).toBe(true)
  })

  it('refuses a password for the demo, an unknown id, or a URI without a user', async () => {
    const connections = service()
    const plain = await connections.add({ name: 'Plain', uri: 'mongodb://db.example/' })
    await expect(connections.setPassword({ id: 'demo', password: 'x' })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    await expect(connections.setPassword({ id: 'nope', password: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND'
    })
    await expect(connections.setPassword({ id: plain.id, password: 'x' })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    expect((await connections.list()).find((c) => c.id === plain.id)?.passwordStorage).toBe('none')
  })

  it('refuses a bad URI and a duplicate name, and keeps the file intact', async () => {
    const connections = service()
    await connections.add({ name: 'One', uri: 'mongodb://one.example/' })
    await expect(connections.add({ name: 'Two', uri: 'one.example:27017' })).rejects.toMatchObject({
      code: 'INVALID_URI'
    })
    await expect(
      connections.add({ name: 'one', uri: 'mongodb://x.example/' })
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    expect((await connections.list()).map((c) => c.name)).toEqual(['Demo workspace', 'One'])
  })

  it('removes a connection but never the demo workspace', async () => {
    const connections = service()
    const added = await connections.add({ name: 'Temp', uri: 'mongodb://t.example/' })
    expect(await connections.remove({ id: added.id })).toEqual({ removed: true })
    expect(await connections.remove({ id: added.id })).toEqual({ removed: false })
    await expect(connections.remove({ id: 'demo' })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
  })

  it('reports a missing demo folder clearly when testing the demo workspace', async () => {
    await expect(
      service().test({ id: 'demo' }, { signal: new AbortController().signal })
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('query settings of a connection', () => {
  it('gives every connection the defaults until set, and keeps what is set', async () => {
    const connections = service()
    const added = await connections.add({ name: 'Prod', uri: 'mongodb://db.example/shop' })
    expect(added.querySettings).toEqual(DEFAULT_QUERY_SETTINGS)
    const analytics = {
      lookupMaxTimeMS: 8000,
      analysisMaxTimeMS: 600_000,
      readPreference: { mode: 'secondary' as const, tags: [{ nodeType: 'ANALYTICS' }] }
    }
    const updated = await connections.setQuerySettings({ id: added.id, querySettings: analytics })
    expect(updated.querySettings).toEqual(analytics)
    // Another process reading the same file sees them too.
    expect(await service().resolveQuerySettings(added.id)).toEqual(analytics)
    expect((await service().list()).find((c) => c.id === added.id)?.querySettings).toEqual(
      analytics
    )
  })

  it('reads a file written before settings existed, with the defaults', async () => {
    await writeFile(
      file,
      JSON.stringify({
        connections: [
          {
            id: 'old-1',
            name: 'Old',
            uriWithoutPassword: 'mongodb://old.example/',
            defaultDatabase: null,
            passwordStorage: 'none',
            createdAt: '2025-01-02T03:04:05.000Z'
          }
        ]
      })
    )
    const listed = (await service().list()).find((c) => c.id === 'old-1')
    expect(listed?.querySettings).toEqual(DEFAULT_QUERY_SETTINGS)
    expect(await service().resolveQuerySettings('old-1')).toEqual(DEFAULT_QUERY_SETTINGS)
  })

  it('refuses settings for the demo workspace and for an unknown connection', async () => {
    await expect(
      service().setQuerySettings({ id: 'demo', querySettings: DEFAULT_QUERY_SETTINGS })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(
      service().setQuerySettings({ id: 'nope', querySettings: DEFAULT_QUERY_SETTINGS })
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('saves a field mapping with a connection, gives it to the engines, and forgets it again', async () => {
    const connections = service()
    const added = await connections.add({ name: 'PostHog', uri: 'mongodb://db.example/ph' })
    expect(added.fieldMapping).toBeNull()
    expect(await connections.resolveFieldMapping(added.id)).toBeNull()
    const mapping = DEMO_SHAPE_SPECS.posthog.mapping
    const saved = await connections.setFieldMapping({ id: added.id, mapping })
    expect(saved.fieldMapping).toEqual(mapping)
    // Another process reading the same file reads through it too.
    expect(await service().resolveFieldMapping(added.id)).toEqual(mapping)
    expect((await service().list()).find((c) => c.id === added.id)?.fieldMapping).toEqual(mapping)
    const forgotten = await connections.setFieldMapping({ id: added.id, mapping: null })
    expect(forgotten.fieldMapping).toBeNull()
    expect(await readFile(file, 'utf8')).not.toContain('distinct_id')
    await expect(connections.setFieldMapping({ id: 'demo', mapping })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    await expect(connections.setFieldMapping({ id: 'nope', mapping })).rejects.toMatchObject({
      code: 'NOT_FOUND'
    })
  })

  it('reads a stored mapping that no longer parses as the seed schema', async () => {
    const added = await service().add({ name: 'Old', uri: 'mongodb://db.example/x' })
    const stored = JSON.parse(await readFile(file, 'utf8')) as {
      connections: Record<string, unknown>[]
    }
    stored.connections[0] = { ...stored.connections[0], fieldMapping: { events: 'broken' } }
    await writeFile(file, JSON.stringify(stored))
    expect(await service().resolveFieldMapping(added.id)).toBeNull()
  })
})

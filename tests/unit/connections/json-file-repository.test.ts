import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ConnectionRecord } from '../../../src/main/services/connections/connection-repository'
import { ConnectionsService } from '../../../src/main/services/connections/connections-service'
import { JsonFileConnectionRepository } from '../../../src/main/services/connections/json-file-repository'
import { SessionSecretBox } from '../../../src/main/services/connections/secret-box'

let dir: string
let file: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jw-repo-'))
  file = join(dir, 'connections.json')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function record(id: string, name: string): ConnectionRecord {
  return {
    id,
    name,
    uriWithoutPassword: `mongodb://${name.toLowerCase()}.example:27017/`,
    defaultDatabase: null,
    passwordStorage: 'none',
    createdAt: '2025-09-01T10:00:00.000Z'
  }
}

const A = record('a-1', 'Alpha')
const B = record('b-2', 'Beta')
const C = record('c-3', 'Gamma')
const AT = new Date('2025-09-13T12:00:00.000Z')

/** Saved A, then A and B, then A, B and C: the backup holds A and B. */
async function savedThree(): Promise<JsonFileConnectionRepository> {
  const repository = new JsonFileConnectionRepository(file, () => AT)
  await repository.save([A])
  await repository.save([A, B])
  await repository.save([A, B, C])
  return repository
}

async function damagedCopies(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('connections.json.damaged-'))
}

describe('JsonFileConnectionRepository', () => {
  it('keeps the previous good file as a backup on every save', async () => {
    await savedThree()
    const backup = JSON.parse(await readFile(`${file}.bak`, 'utf8')) as {
      connections: ConnectionRecord[]
    }
    expect(backup.connections.map((r) => r.id)).toEqual(['a-1', 'b-2'])
    expect(await new JsonFileConnectionRepository(file).load()).toEqual([A, B, C])
    expect((await readdir(dir)).sort()).toEqual(['connections.json', 'connections.json.bak'])
  })

  it('loses no other connection when one record is mangled, and says what it did', async () => {
    await savedThree()
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('"name": "Beta"', '"name": Be\u0000ta'))
    const repository = new JsonFileConnectionRepository(file, () => AT)
    const loaded = await repository.load()
    expect(loaded.map((r) => r.id).sort()).toEqual(['a-1', 'b-2', 'c-3'])
    expect(loaded.find((r) => r.id === 'b-2')).toEqual(B)
    const [damaged] = await damagedCopies()
    expect(damaged).toBe('connections.json.damaged-2025-09-13T12-00-00-000Z')
    expect(await readFile(join(dir, damaged ?? ''), 'utf8')).toContain('Be\u0000ta')
    expect(repository.notice()).toMatch(
      /^The saved connections file was damaged \(it is not valid JSON[^)]*\)\. 2 connections read from it, 1 connection more restored from the backup of .+\. The damaged file is kept as .+connections\.json\.damaged-2025-09-13T12-00-00-000Z\.$/
    )
    // Repaired on disk: the next process reads it plainly, with nothing to report.
    const next = new JsonFileConnectionRepository(file)
    expect((await next.load()).map((r) => r.id).sort()).toEqual(['a-1', 'b-2', 'c-3'])
    expect(next.notice()).toBeNull()
  })

  it('keeps every connection written before a half-written end', async () => {
    await savedThree()
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.slice(0, text.indexOf('"c-3"') + 12))
    const loaded = await new JsonFileConnectionRepository(file).load()
    expect(loaded.map((r) => r.id)).toEqual(['a-1', 'b-2'])
  })

  it('restores from the backup when nothing in the file can be read', async () => {
    await savedThree()
    await writeFile(file, Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37]))
    const repository = new JsonFileConnectionRepository(file)
    expect(await repository.load()).toEqual([A, B])
    expect(repository.notice()).toMatch(
      /0 connections read from it, 2 connections more restored from the backup/
    )
  })

  it('sets aside only the entries that are not connections', async () => {
    await writeFile(
      file,
      JSON.stringify({ connections: [A, { id: 'x', name: 42 }, C], extra: true })
    )
    const repository = new JsonFileConnectionRepository(file)
    expect(await repository.load()).toEqual([A, C])
    expect(repository.notice()).toMatch(/damaged \(entry 2 is not a connection\)/)
    expect(await damagedCopies()).toHaveLength(1)
  })

  it('repairs once when two callers read a damaged file at the same time', async () => {
    await savedThree()
    await writeFile(file, '{"connections": [')
    const repository = new JsonFileConnectionRepository(file)
    const [first, second] = await Promise.all([repository.load(), repository.load()])
    expect(first).toEqual([A, B])
    expect(second).toEqual([A, B])
    expect(await damagedCopies()).toHaveLength(1)
  })

  it('reads a file written by electron-store (tab-indented, same shape)', async () => {
    await writeFile(file, JSON.stringify({ connections: [A] }, null, '\t'))
    expect(await new JsonFileConnectionRepository(file).load()).toEqual([A])
  })

  it('tells the app through the connections service', async () => {
    await savedThree()
    await writeFile(file, 'not json')
    const service = new ConnectionsService({
      repository: new JsonFileConnectionRepository(file),
      secrets: new SessionSecretBox(),
      demoFolder: join(dir, 'demo')
    })
    expect((await service.list()).map((c) => c.name)).toEqual(['Demo workspace', 'Alpha', 'Beta'])
    expect((await service.storageNotice()).notice).toMatch(
      /^The saved connections file was damaged/
    )
  })
})

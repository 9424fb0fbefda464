import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EJSON } from 'bson'
import type { Db, Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/main/app-paths'
import { idKey } from '../../src/main/engine/rules/id-key'
import { JourneysService } from '../../src/main/services/journeys/journeys-service'
import { readExtractState } from '../../src/main/workspace/extract-state'
import { readManifest } from '../../src/main/workspace/workspace-manifest'
import { extractFromServer, refreshFromServer } from '../../src/main/workspace/server-workspace'
import type { DataSource } from '../../src/shared/journeys/data-source'
import {
  customerCaseFileSchema,
  customerSearchSchema,
  flowQuerySchema,
  funnelQuerySchema,
  overviewQuerySchema
} from '../../src/shared/journeys/query-schemas'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import {
  answerOf,
  callContext,
  generateFolder,
  loadFolder,
  type GeneratedFolder
} from './journey-fixtures'

/*
 * Workspaces taken from the real test server: a whole extract answers every query as the server
 * does (and as the NDJSON it was loaded from, and as its own cache); a date range keeps its events
 * with their sessions and users; an extract killed mid-way (a real child process, SIGKILL) goes on
 * without a duplicate; a refresh after new events equals a fresh extract.
 */

const testDb = useTestDatabase()
let home: string
let data: GeneratedFolder
let service: JourneysService
const bin = join(projectRoot(), 'bin', 'journey.mjs')

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-workspace-it-'))
  data = await generateFolder({ users: 220, seed: 77 })
  await loadFolder(data.folder, testDb.db)
  service = new JourneysService({ demoFolder: data.folder, allowUriSources: true })
}, 600_000)

afterAll(async () => {
  await service.close()
  await data.remove()
  await rm(home, { recursive: true, force: true })
})

const server = (): DataSource => ({ kind: 'uri', uri: testDb.server.uri, database: testDb.name })
const folderSource = (path: string): DataSource => ({ kind: 'folder', path })
const target = () => ({ uri: testDb.server.uri, database: testDb.name })

/** Every document of a workspace's three files, canonical text by id. */
async function filesOf(folder: string): Promise<Record<string, Map<string, string>>> {
  const out: Record<string, Map<string, string>> = {}
  for (const name of ['users', 'sessions', 'events']) {
    const byId = new Map<string, string>()
    for (const line of (await readFile(join(folder, `${name}.ndjson`), 'utf8')).split('\n')) {
      if (line.trim() === '') continue
      const doc = EJSON.parse(line, { relaxed: true }) as Document
      const key = idKey(doc._id)
      expect(byId.has(key), `${name} ${key} twice`).toBe(false)
      byId.set(key, EJSON.stringify(doc, { relaxed: false }))
    }
    out[name] = byId
  }
  return out
}

/** Every document of the test database, canonical text by id. */
async function databaseDocuments(db: Db, filter: Record<string, Document> = {}) {
  const out: Record<string, Map<string, string>> = {}
  for (const name of ['users', 'sessions', 'events']) {
    const byId = new Map<string, string>()
    for await (const doc of db.collection(name).find(filter[name] ?? {})) {
      byId.set(idKey(doc._id), EJSON.stringify(doc, { relaxed: false }))
    }
    out[name] = byId
  }
  return out
}

/** The answers of a set of queries (funnels in all modes, flows, overview, search, case files). */
async function answers(source: DataSource): Promise<Record<string, unknown>> {
  const ctx = callContext()
  const out: Record<string, unknown> = {}
  for (const mode of ['ordered', 'strict', 'any'] as const) {
    out[`funnel ${mode}`] = answerOf(
      await service.funnel(
        funnelQuerySchema.parse({
          source,
          mode,
          steps: [
            { eventType: 'PAGE_VIEW', pageUrl: '/' },
            { eventType: 'PAGE_VIEW', pageUrl: '/product/*' },
            { eventType: 'ADD_TO_CART' },
            { eventType: 'PURCHASE' }
          ],
          windowSeconds: 7 * 86400,
          breakdown: 'browser'
        }),
        ctx
      )
    )
  }
  out.flows = answerOf(
    await service.flows(flowQuerySchema.parse({ source, page: '/', depth: 4 }), ctx)
  )
  out.overview = answerOf(
    await service.overview(
      overviewQuerySchema.parse({ source, timeZone: 'Europe/Berlin', topPages: 5 }),
      ctx
    )
  )
  out.search = answerOf(
    await service.searchCustomers(customerSearchSchema.parse({ source, text: 'a' }), ctx)
  )
  for (const userId of ['u000001', 'u000017', 'u000200']) {
    out[`case ${userId}`] = answerOf(
      await service.customerCaseFile(
        customerCaseFileSchema.parse({ source, userId, sessions: { offset: 0, limit: 500 } }),
        ctx
      )
    )
  }
  return out
}

describe('a whole-database extract', () => {
  let folder = ''
  beforeAll(async () => {
    folder = join(home, 'whole')
    const result = await extractFromServer(target(), folder, {}, callContext())
    expect(result.resumed).toBe(false)
    expect(result.cache?.kind).toBe('built')
  }, 600_000)

  it('holds exactly the documents of the database', async () => {
    const files = await filesOf(folder)
    const database = await databaseDocuments(testDb.db)
    for (const name of ['users', 'sessions', 'events']) {
      expect(files[name]?.size, name).toBe(database[name]?.size)
      expect(files[name]).toEqual(database[name])
    }
    const manifest = await readManifest(folder)
    expect(manifest.counts).toEqual({
      users: data.counts.users,
      sessions: data.counts.sessions,
      events: data.counts.events
    })
    expect(manifest.origin.database).toBe(testDb.name)
  })

  it('answers every query as the server, the NDJSON it came from and its own cache', async () => {
    const fromServer = await answers(server())
    expect(
      (fromServer['funnel ordered'] as { steps: { users: number }[] }).steps[0]?.users
    ).toBeGreaterThan(20)
    expect(await answers(folderSource(data.folder))).toEqual(fromServer)
    // The first query built the cache at extract time; this process reads it from the file.
    expect(await answers(folderSource(folder))).toEqual(fromServer)
  }, 600_000)
})

describe('a date-range extract', () => {
  it('keeps the events of the range with the sessions and users they name', async () => {
    const folder = join(home, 'range')
    const from = new Date('2025-07-01T00:00:00Z')
    const to = new Date('2025-09-01T00:00:00Z')
    await extractFromServer(target(), folder, { from, to }, callContext())
    const files = await filesOf(folder)
    const events = await databaseDocuments(testDb.db, {
      events: { timestamp: { $gte: from, $lt: to } }
    })
    expect(files.events).toEqual(events.events)
    expect(files.events?.size).toBeGreaterThan(100)
    const named = { sessions: new Set<string>(), users: new Set<string>() }
    for (const text of files.events?.values() ?? []) {
      const event = EJSON.parse(text) as Document
      named.sessions.add(idKey(event.sessionId))
      named.users.add(idKey(event.userId))
    }
    expect([...(files.sessions?.keys() ?? [])].sort()).toEqual([...named.sessions].sort())
    for (const user of named.users) expect(files.users?.has(user), user).toBe(true)
  }, 600_000)
})

describe('an extract killed part way', () => {
  it('goes on from its last checkpoint when run again, with no event twice', async () => {
    const folder = join(home, 'killed')
    const child = spawn(
      process.execPath,
      [bin, 'extract', '--uri', testDb.server.uri, '--db', testDb.name, '--out', folder],
      // Checkpoints every 100 ms, so one exists well before the extract ends.
      { cwd: home, stdio: 'ignore', env: { ...process.env, JOURNEY_EXTRACT_CHECKPOINT_MS: '100' } }
    )
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve()
      })
    )
    // Kill it once it has made events durable, but before it finishes.
    let killedAt = 0
    for (;;) {
      const state = await readExtractState(folder).catch(() => null)
      if (state && state.events.count > 0 && !state.events.done) {
        killedAt = state.events.count
        child.kill('SIGKILL')
        break
      }
      if (child.exitCode !== null) throw new Error('the extract finished before it could be killed')
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    await exited
    expect(killedAt).toBeGreaterThan(0)
    expect(killedAt).toBeLessThan(data.counts.events)
    const result = await extractFromServer(target(), folder, {}, callContext())
    expect(result.resumed).toBe(true)
    expect(result.counts.events).toBe(data.counts.events)
    const files = await filesOf(folder)
    expect(files.events).toEqual((await databaseDocuments(testDb.db)).events)
  }, 600_000)
})

describe('a refresh', () => {
  it('after new events equals a fresh extract', async () => {
    const folder = join(home, 'refreshed')
    const db = testDb.client.db(`${testDb.name}_refresh`)
    await loadFolder(data.folder, db)
    const source = { uri: testDb.server.uri, database: db.databaseName }
    await extractFromServer(source, folder, {}, callContext())
    await addNewActivity(db)

    const result = await refreshFromServer(folder, testDb.server.uri, callContext())
    expect(result.newEvents).toBeGreaterThan(100)
    const fresh = join(home, 'fresh')
    await extractFromServer(source, fresh, {}, callContext())
    expect(await filesOf(folder)).toEqual(await filesOf(fresh))
    expect(await answers(folderSource(folder))).toEqual(await answers(folderSource(fresh)))
    const again = await refreshFromServer(folder, testDb.server.uri, callContext())
    expect(again.newEvents).toBe(0)
    await db.dropDatabase()
  }, 600_000)
})

/**
 * New activity after the extract, as a tracking system writes it: events after the last one (in
 * existing sessions, whose endTime moves on, and in new sessions), a new user with a session, and
 * one event at the very last instant with a later _id.
 */
async function addNewActivity(db: Db): Promise<void> {
  const events = db.collection('events')
  const last = await events.find({}).sort({ timestamp: -1, _id: -1 }).limit(1).next()
  const lastTime = (last?.timestamp as Date).getTime()
  const recent = await db
    .collection('sessions')
    .find({})
    .sort({ startTime: -1 })
    .limit(30)
    .toArray()
  const added: Document[] = []
  const at = (seconds: number) => new Date(lastTime + seconds * 1000)
  added.push({ ...last, _id: `${String(last?._id)}~tie` })
  recent.forEach((session, k) => {
    for (let j = 0; j < 5; j++) {
      added.push({
        _id: `new-e-${k}-${j}`,
        sessionId: session._id,
        userId: session.userId as unknown,
        eventType: 'PAGE_VIEW',
        timestamp: at(60 + k * 10 + j),
        metadata: { pageUrl: j % 2 ? '/cart' : '/', duration: 3 }
      })
    }
  })
  await db.collection<Document & { _id: string }>('users').insertOne({
    _id: 'u-new-1',
    name: 'Neue Kundin',
    email: 'neue@example.com',
    createdAt: at(100),
    lastActiveAt: at(130)
  })
  await db.collection<Document & { _id: string }>('sessions').insertOne({
    _id: 's-new-1',
    userId: 'u-new-1',
    startTime: at(100),
    endTime: at(130),
    deviceInfo: { browser: 'Firefox', os: 'Linux' }
  })
  for (let j = 0; j < 4; j++) {
    added.push({
      _id: `new-u-e-${j}`,
      sessionId: 's-new-1',
      userId: 'u-new-1',
      eventType: j === 3 ? 'PURCHASE' : 'PAGE_VIEW',
      timestamp: at(100 + j * 10),
      metadata:
        j === 3 ? { amount: 12.5, currency: 'EUR', orderId: 'o-new' } : { pageUrl: '/product/1' }
    })
  }
  await events.insertMany(added)
  for (const session of recent) {
    await db.collection('sessions').updateOne({ _id: session._id }, { $set: { endTime: at(400) } })
  }
}

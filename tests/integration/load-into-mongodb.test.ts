import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from 'mongodb'
import { AppError } from '../../src/shared/errors'
import { createRecommendedIndexes } from '../../src/main/data/loader/create-recommended-indexes'
import { generateDemoFolder } from '../../src/main/data/demo/generate-demo-folder'
import {
  loadFolderIntoMongo,
  type LoadProgress
} from '../../src/main/data/loader/load-into-mongodb'
import { RECOMMENDED_INDEXES } from '../../src/main/data/recommended-indexes'
import { useTestDatabase } from '../helpers/test-server/use-test-database'

const testDb = useTestDatabase()
let dir: string
let demo: string
let demoCounts: { users: number; sessions: number; events: number }
const extraDbs: Db[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jw-load-'))
  demo = join(dir, 'demo')
  const generated = await generateDemoFolder({ outDir: demo, users: 150, seed: 11, gzip: true })
  demoCounts = generated.counts
})

afterEach(async () => {
  for (const db of extraDbs.splice(0)) await db.dropDatabase()
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A fresh database of this file's own for one test. */
function freshDb(): Db {
  const db = testDb.client.db(`${testDb.name}_${String(extraDbs.length)}`)
  extraDbs.push(db)
  return db
}

async function counts(db: Db) {
  return {
    users: await db.collection('users').countDocuments(),
    sessions: await db.collection('sessions').countDocuments(),
    events: await db.collection('events').countDocuments()
  }
}

describe('loadFolderIntoMongo on a real server', () => {
  it('inserts every document in batches, reports progress and creates the indexes', async () => {
    const db = freshDb()
    const progress: LoadProgress[] = []
    const result = await loadFolderIntoMongo({
      folder: demo,
      db,
      batchSize: 1000,
      onProgress: (p) => progress.push(p)
    })
    expect(result.inserted).toEqual(demoCounts)
    expect(await counts(db)).toEqual(demoCounts)
    const fractions = progress.map((p) => p.fraction)
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b))
    expect(progress.at(-1)).toMatchObject({ phase: 'indexes', fraction: 1 })
    expect(result.indexes.map((index) => index.name)).toEqual(
      RECOMMENDED_INDEXES.map((i) => i.name)
    )
    expect(result.indexes.every((index) => index.created)).toBe(true)
    const eventIndexes = (await db.collection('events').indexes()).map((index) => index.name)
    expect(eventIndexes).toEqual(expect.arrayContaining(['userId_1_timestamp_1__id_1']))
  })

  it('keeps Dates as dates on the server', async () => {
    const db = freshDb()
    await loadFolderIntoMongo({ folder: demo, db })
    const event = await db.collection('events').findOne({})
    expect(event?.timestamp).toBeInstanceOf(Date)
  })

  it('refuses a non-empty database unless asked to drop', async () => {
    const db = freshDb()
    await db.collection('users').insertOne({ _id: 'someone' as never })
    const refused = loadFolderIntoMongo({ folder: demo, db })
    await expect(refused).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(refused).rejects.toThrow(/already has documents in users/)
    const result = await loadFolderIntoMongo({ folder: demo, db, drop: true })
    expect(await counts(db)).toEqual(result.inserted)
  })

  it('names the lines of duplicate _ids and keeps nothing of the failed load', async () => {
    const folder = join(dir, 'duplicates')
    const user = (id: string) =>
      `{"_id":"${id}","name":"A","email":"${id}@example.com","createdAt":{"$date":"2025-01-01T00:00:00Z"},"lastActiveAt":{"$date":"2025-01-02T00:00:00Z"}}`
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'users.ndjson'), [user('u1'), user('u2'), user('u1')].join('\n'))
    await writeFile(join(folder, 'sessions.ndjson'), '')
    await writeFile(join(folder, 'events.ndjson'), '')
    const db = freshDb()
    const error = await loadFolderIntoMongo({ folder, db }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('DATA_INVALID')
    expect((error as AppError).message).toMatch(/line 3/)
    expect((error as AppError).message).toMatch(/Nothing was kept/)
    expect(await counts(db)).toEqual({ users: 0, sessions: 0, events: 0 })
  })

  it('removes what it inserted when cancelled part way', async () => {
    const db = freshDb()
    const controller = new AbortController()
    const run = loadFolderIntoMongo({
      folder: demo,
      db,
      batchSize: 500,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'events') controller.abort()
      }
    })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(await counts(db)).toEqual({ users: 0, sessions: 0, events: 0 })
  })

  it('creates the email index case-insensitively, or says why it could not', async () => {
    const db = freshDb()
    await db.createCollection('users')
    const results = await createRecommendedIndexes(db)
    const email = results.find((result) => result.name === 'email_1')
    expect(email).toMatchObject({ collection: 'users', created: true })
    const stored = (await db.collection('users').indexes()).find(
      (index) => index.name === 'email_1'
    )
    if (testDb.server.flavor === 'FerretDB') {
      // FerretDB 1.24 does not implement collation: the index exists, case-sensitive, with a note.
      expect(email?.note).toMatch(/without collation/)
      expect(stored?.collation).toBeUndefined()
    } else {
      expect(email?.note).toBeUndefined()
      expect(stored?.collation).toMatchObject({ locale: 'en', strength: 2 })
    }
  })
})

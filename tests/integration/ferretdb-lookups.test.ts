import { appendFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { explainFind } from '../../src/main/engine/mongo/explain-find'
import type { FindSpec } from '../../src/main/engine/mongo/find-specs'
import { ReducerEngine } from '../../src/main/engine/mongo/reducer-engine'
import { UserSearchSnapshot } from '../../src/main/engine/mongo/user-search-snapshot'
import { JourneysService } from '../../src/main/services/journeys/journeys-service'
import {
  customerCaseFileSchema,
  customerSearchSchema
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
 * Case files and search shaped for servers that push only plain equality down (FerretDB 1.x): the
 * answers equal the local engine's, also on data whose events disagree with their sessions, and
 * every find the engine sends is a single top-level equality with no server-side sort.
 */

const testDb = useTestDatabase()
let data: GeneratedFolder
let local: JourneysService
let client: MongoClient
const finds: Document[] = []

const LOOKUP_CURSOR = { batchSize: 5000, maxTimeMS: 60_000 }

beforeAll(async () => {
  data = await generateFolder({ users: 300, seed: 5 })
  // Data that disagrees with itself: another user's event inside u000001's first session, and an
  // event of u000001 in a session that does not exist.
  await appendFile(
    join(data.folder, 'events.ndjson'),
    [
      '{"_id":"e-foreign","sessionId":"s0000001","userId":"u000002","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-05-30T14:11:00.000Z"},"metadata":{"pageUrl":"/foreign","duration":7}}',
      '{"_id":"e-orphan","sessionId":"s-missing","userId":"u000001","eventType":"PURCHASE","timestamp":{"$date":"2025-06-02T10:00:00.000Z"},"metadata":{"orderId":"o-x","amount":12.5,"currency":"EUR"}}',
      ''
    ].join('\n')
  )
  await loadFolder(data.folder, testDb.db)
  local = new JourneysService({ demoFolder: data.folder })
  client = new MongoClient(testDb.server.uri, { monitorCommands: true })
  client.on('commandStarted', (event: CommandStartedEvent) => {
    if (event.commandName === 'find') finds.push(event.command)
  })
  await client.connect()
}, 300_000)

afterAll(async () => {
  await client.close()
  await local.close()
  await data.remove()
})

function isPlainEquality(filter: Document): boolean {
  const entries = Object.entries(filter)
  if (entries.length !== 1) return false
  const [field, value] = entries[0] as [string, unknown]
  return (
    !field.startsWith('$') &&
    !field.includes('.') &&
    (typeof value !== 'object' ||
      value === null ||
      !Object.keys(value).some((key) => key.startsWith('$')))
  )
}

describe('case files from plain equality finds', () => {
  it('equal the local engine, with foreign and orphan events, and send only equality finds', async () => {
    const engine = new ReducerEngine(client.db(testDb.name), {
      findShape: 'equality',
      cursor: LOOKUP_CURSOR
    })
    const query = customerCaseFileSchema.parse({
      source: { kind: 'folder', path: data.folder },
      userId: 'u000001',
      sessions: { offset: 0, limit: 50 }
    })
    const expected = await local.customerCaseFile(query, callContext())
    // The anomalies are in the answer, so the test would notice them missing.
    const firstSession = expected.sessions.find((session) => session._id === 's0000001')
    expect(firstSession?.events.map((event) => event._id)).toContain('e-foreign')
    expect(
      expected.totals.amountSpent.find((row) => row.currency === 'EUR')?.amount
    ).toBeGreaterThan(0)

    finds.length = 0
    const { source: _source, ...engineQuery } = query
    const actual = await engine.customerCaseFile(engineQuery, callContext())
    expect(answerOf(actual)).toEqual(answerOf(expected))

    expect(finds.length).toBe(1 + 1 + 1 + expected.sessionsTotal)
    for (const command of finds) {
      expect(isPlainEquality(command.filter as Document)).toBe(true)
      expect(command.sort).toBeUndefined()
    }
    if (testDb.server.flavor === 'FerretDB') {
      for (const step of actual.plan.steps) {
        const explanation = await explainFind(client.db(testDb.name), step as FindSpec)
        expect(explanation.pushdown?.filter).toBe(true)
      }
    }
  })

  it('after the session ownership audit: one userId find, plus one per session holding foreign events', async () => {
    const engine = new ReducerEngine(client.db(testDb.name), {
      findShape: 'equality',
      sessionOwnershipAudit: true,
      cursor: LOOKUP_CURSOR
    })
    await engine.prefetchLookups()
    const open = async (userId: string) => {
      const query = customerCaseFileSchema.parse({
        source: { kind: 'folder', path: data.folder },
        userId,
        sessions: { offset: 0, limit: 50 }
      })
      const expected = await local.customerCaseFile(query, callContext())
      finds.length = 0
      const { source: _source, ...engineQuery } = query
      const actual = await engine.customerCaseFile(engineQuery, callContext())
      expect(answerOf(actual)).toEqual(answerOf(expected))
      for (const command of finds) {
        expect(isPlainEquality(command.filter as Document)).toBe(true)
        expect(command.sort).toBeUndefined()
      }
      // The user lookup and the sessions and events reads run side by side: any order.
      const filters = finds.map((command) => JSON.stringify(command.filter)).sort()
      return { expected, actual, filters }
    }
    // u000001's first session holds u000002's event: that session alone is read by sessionId.
    const withForeign = await open('u000001')
    expect(withForeign.filters).toEqual(
      [{ _id: 'u000001' }, { userId: 'u000001' }, { userId: 'u000001' }, { sessionId: 's0000001' }]
        .map((filter) => JSON.stringify(filter))
        .sort()
    )
    expect(withForeign.actual.plan.notes.join(' ')).toMatch(
      /1 of these sessions hold another customer's events and were read by session/
    )
    // The user with the most sessions (no foreign events): three finds whatever that number.
    const sessionsPerUser = new Map<string, number>()
    for (const session of await client.db(testDb.name).collection('sessions').find().toArray()) {
      const userId = String(session.userId)
      sessionsPerUser.set(userId, (sessionsPerUser.get(userId) ?? 0) + 1)
    }
    const [busiest] = [...sessionsPerUser].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    const plain = await open(busiest?.[0] ?? '')
    expect(plain.expected.sessionsTotal).toBeGreaterThan(3)
    expect(plain.expected.sessions.flatMap((session) => session.events).length).toBeGreaterThan(0)
    expect(plain.filters).toHaveLength(3)
    expect(plain.actual.plan.notes.join(' ')).toMatch(
      /none of these sessions holds another customer's events \([\d,]+ events checked/
    )
    await engine.close()
  })

  it('say NOT_FOUND for an unknown customer', async () => {
    const engine = new ReducerEngine(client.db(testDb.name), { findShape: 'equality' })
    await expect(
      engine.customerCaseFile(
        { userId: 'u999999', sessions: { offset: 0, limit: 20 } },
        callContext()
      )
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('customer search from a snapshot of the users', () => {
  it.each(['m', 'Ma', 'u000042', 'FISCHER', 'x)([', 'nobody'])(
    'gives the local answer for "%s"',
    async (text) => {
      const engine = new ReducerEngine(client.db(testDb.name), {
        findShape: 'equality',
        userSearchSnapshot: true
      })
      const query = customerSearchSchema.parse({
        source: { kind: 'folder', path: data.folder },
        text
      })
      const expected = await local.searchCustomers(query, callContext())
      const { source: _source, ...engineQuery } = query
      const actual = await engine.searchCustomers(engineQuery, callContext())
      expect(answerOf(actual)).toEqual(answerOf(expected))
      expect(actual.plan.notes.join(' ')).toMatch(/users read \d+ s ago/)
    }
  )

  it('finds a new customer at once by id and email, by name once the snapshot is refreshed', async () => {
    let now = 1_000_000
    const db = client.db(testDb.name)
    const snapshot = new UserSearchSnapshot(db, {
      refreshAfterMs: 60_000,
      maxAgeMs: 600_000,
      snapshotCursor: LOOKUP_CURSOR,
      now: () => now
    })
    const search = (text: string) =>
      snapshot.search({ text, limit: 10 }, LOOKUP_CURSOR, callContext())
    expect((await search('Zelda')).result.total).toBe(0)
    await db.collection('users').insertOne({
      _id: 'u-new' as never,
      name: 'Zelda Newcomer',
      email: 'zelda.new@example.com',
      createdAt: new Date(),
      lastActiveAt: new Date()
    })
    expect((await search('u-new')).result.customers.map((c) => c._id)).toEqual(['u-new'])
    expect((await search('ZELDA.NEW@example.com')).result.total).toBe(1)
    // By name: not until the snapshot is a minute old and refreshed.
    expect((await search('Zelda')).result.total).toBe(0)
    now += 61_000
    const stale = await search('Zelda')
    expect(stale.result.total).toBe(0)
    expect(stale.notes[0]).toMatch(/read 61 s ago/)
    // The search above started a refresh in the background; the next ones see its result.
    await vi.waitFor(
      async () => {
        const refreshed = await search('Zelda')
        expect(refreshed.result.customers.map((c) => c.name)).toEqual(['Zelda Newcomer'])
      },
      { timeout: 30_000, interval: 50 }
    )
    await db.collection('users').deleteOne({ _id: 'u-new' as never })
  })
})

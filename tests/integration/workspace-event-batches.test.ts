import {
  MongoClient,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type Db,
  type Document
} from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventDocument } from '../../src/shared/journeys/documents'
import { eventBatchesAfter, eventsAfter } from '../../src/main/workspace/event-cursor'
import { useTestDatabase } from '../helpers/test-server/use-test-database'

/*
 * The extract's and refresh's event reader on a real server: event order and the mark's instant,
 * one batch read ahead (the server reads the next batch while the caller writes one, and no more),
 * and a stop or an abort that still closes the server's cursor. Command monitoring shows what
 * reached the server.
 */

const testDb = useTestDatabase()
const BATCH = 10
const MINUTE = 60_000
const START = Date.UTC(2025, 0, 1)

/** 95 events, four at each minute (ids out of insertion order, so the sort has work to do). */
function events(): EventDocument[] {
  const made: EventDocument[] = []
  for (let index = 0; index < 95; index++) {
    made.push({
      _id: `e${String((index * 37) % 95).padStart(3, '0')}`,
      sessionId: 's1',
      userId: 'u1',
      eventType: 'page_view',
      timestamp: new Date(START + Math.floor(index / 4) * MINUTE)
    })
  }
  return made
}

function inEventOrder(list: EventDocument[]): EventDocument[] {
  return [...list].sort(
    (a, b) =>
      a.timestamp.getTime() - b.timestamp.getTime() ||
      (String(a._id) < String(b._id) ? -1 : String(a._id) > String(b._id) ? 1 : 0)
  )
}

let client: MongoClient
let db: Db
const started: CommandStartedEvent[] = []
const succeeded: CommandSucceededEvent[] = []

beforeAll(async () => {
  await testDb.db.collection('events').insertMany(events() as unknown as Document[])
  client = new MongoClient(testDb.server.uri, { monitorCommands: true })
  client.on('commandStarted', (event) => started.push(event))
  client.on('commandSucceeded', (event) => succeeded.push(event))
  db = client.db(testDb.name)
})

afterAll(async () => {
  await client.close()
})

const count = (list: { commandName: string }[], name: string) =>
  list.filter((event) => event.commandName === name).length

/** Resolves once `n` getMores have been answered. */
async function getMoresAnswered(n: number): Promise<void> {
  if (count(succeeded, 'getMore') >= n) return
  await new Promise<void>((resolve) => {
    const listener = (event: CommandSucceededEvent): void => {
      if (event.commandName === 'getMore' && count(succeeded, 'getMore') >= n) {
        client.off('commandSucceeded', listener)
        resolve()
      }
    }
    client.on('commandSucceeded', listener)
  })
}

function killedCursors(): string[] {
  return started
    .filter((event) => event.commandName === 'killCursors')
    .flatMap((event) =>
      (event.command.cursors as { toString(): string }[]).map((id) => id.toString())
    )
}

function lastFindCursorId(): string {
  const find = succeeded.filter((event) => event.commandName === 'find').at(-1)
  return (find?.reply as { cursor: { id: { toString(): string } } }).cursor.id.toString()
}

describe('eventBatchesAfter', () => {
  it('reads every event in event order, in batches of the cursor', async () => {
    const batches: EventDocument[][] = []
    for await (const batch of eventBatchesAfter(db, {}, null, { batchSize: BATCH })) {
      batches.push(batch)
    }
    expect(batches.map((batch) => batch.length)).toEqual([...Array<number>(9).fill(BATCH), 5])
    expect(batches.flat().map((event) => event._id)).toEqual(
      inEventOrder(events()).map((event) => event._id)
    )
  })

  it('after a mark, reads only what follows it, the mark’s own instant included', async () => {
    const ordered = inEventOrder(events())
    const mark = ordered[41] as EventDocument
    const read: unknown[] = []
    for await (const event of eventsAfter(
      db,
      {},
      { timestamp: mark.timestamp, id: mark._id },
      { batchSize: BATCH }
    )) {
      read.push(event._id)
    }
    expect(read).toEqual(ordered.slice(42).map((event) => event._id))
    // Event 42 shares the mark's minute (41 is the second of its four).
    expect(ordered[42]?.timestamp).toEqual(mark.timestamp)
  })

  it('asks for the next batch while the caller holds one, and for no more', async () => {
    started.length = 0
    succeeded.length = 0
    const batches = eventBatchesAfter(db, {}, null, { batchSize: BATCH })
    const first = await batches.next()
    expect(first.value).toHaveLength(BATCH)
    // The caller is still busy with the first batch: the second is read meanwhile.
    await getMoresAnswered(1)
    expect(count(started, 'getMore')).toBe(1)
    const second = await batches.next()
    expect(second.value).toHaveLength(BATCH)
    await getMoresAnswered(2)
    expect(count(started, 'getMore')).toBe(2)
    await batches.return(undefined)
    expect(killedCursors()).toEqual([lastFindCursorId()])
    // Without a read ahead no getMore comes while the caller holds a batch: fail soon, not at 5 min.
  }, 30_000)

  it('an abort stops at the next batch and closes the cursor on the server', async () => {
    started.length = 0
    succeeded.length = 0
    const controller = new AbortController()
    const batches = eventBatchesAfter(db, {}, null, {
      batchSize: BATCH,
      signal: controller.signal
    })
    expect((await batches.next()).value).toHaveLength(BATCH)
    controller.abort()
    expect((await batches.next()).done).toBe(true)
    // The read ahead was waited for, then the cursor killed: nothing left open, nothing failed.
    expect(count(succeeded, 'getMore')).toBe(1)
    expect(killedCursors()).toEqual([lastFindCursorId()])
    expect(count(started, 'getMore')).toBe(1)
  })
})

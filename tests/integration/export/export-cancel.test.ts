import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { MongoClient, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportRequestSchema } from '../../../src/shared/export/export-request'
import { AppError } from '../../../src/shared/errors'
import type { CallContext } from '../../../src/shared/rpc/contract'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import { ExportService } from '../../../src/main/services/export/export-service'
import { startDedicatedFerretdb, type DedicatedFerretdb } from '../../helpers/dedicated-ferretdb'
import { useTestDatabase } from '../../helpers/test-server/use-test-database'
import { generateFolder, loadFolder, type GeneratedFolder } from '../journey-fixtures'
import { filesIn } from './export-fixtures'

/*
 * An export that stops part way, on a real server: cancelled by the person (the cursor must be
 * killed on the server, the file must not appear), and cut off by the server dying (a clear error,
 * no file). The driver's command monitoring shows what reached the server.
 */

const testDb = useTestDatabase()
let data: GeneratedFolder
let out: string

beforeAll(async () => {
  data = await generateFolder({ users: 60, seed: 21 })
  out = await mkdtemp(join(tmpdir(), 'jw-export-cancel-'))
}, 120_000)

afterAll(async () => {
  await rm(out, { recursive: true, force: true })
  await data.remove()
})

/** A client that records every command it sends and every reply, and an export service on it. */
function monitoredExport(uri: string, database: string) {
  const client = new MongoClient(uri, { monitorCommands: true, serverSelectionTimeoutMS: 5000 })
  const started: CommandStartedEvent[] = []
  const succeeded: CommandSucceededEvent[] = []
  client.on('commandStarted', (event) => started.push(event))
  client.on('commandSucceeded', (event) => succeeded.push(event))
  // Small batches, so the export needs many round trips and the cursor stays open on the server.
  const engine = new ReducerEngine(client.db(database), { cursor: { batchSize: 100 } })
  const exports = new ExportService({
    journeys: { engineFor: () => Promise.resolve({ engine, target: uri }) }
  })
  return { client, started, succeeded, exports }
}

const EVENTS_JOB = {
  request: exportRequestSchema.parse({
    kind: 'collection',
    source: { kind: 'demo' },
    collection: 'events'
  }),
  options: { bom: false, formulaGuard: true }
}

/**
 * getMores after which rows have been written: a server export takes its columns from the first
 * 1,000 documents of its own cursor (10 pages of 100) before it writes the first row.
 */
const PAST_THE_COLUMN_SAMPLE = 12

/** The export's own find (a find without a limit), once it has been sent. */
function exportFind(started: CommandStartedEvent[]): CommandStartedEvent | undefined {
  return started.find((event) => event.commandName === 'find' && event.command.limit === undefined)
}

/** The reply to a command (by its request id). */
function replyTo(
  succeeded: CommandSucceededEvent[],
  request: CommandStartedEvent | undefined
): { cursor?: { id?: { toString(): string } } } | undefined {
  return succeeded.find((event) => event.requestId === request?.requestId)?.reply as
    { cursor?: { id?: { toString(): string } } } | undefined
}

/** Calls `then` once the export's cursor has had `count` getMore replies. */
function afterGetMores(
  started: CommandStartedEvent[],
  succeeded: CommandSucceededEvent[],
  count: number,
  then: () => void
) {
  const timer = setInterval(() => {
    const cursorId = replyTo(succeeded, exportFind(started))?.cursor?.id?.toString()
    if (cursorId === undefined) return
    const getMores = started.filter(
      (event) =>
        event.commandName === 'getMore' &&
        (event.command.getMore as { toString(): string }).toString() === cursorId &&
        succeeded.some((reply) => reply.requestId === event.requestId)
    )
    if (getMores.length >= count) {
      clearInterval(timer)
      then()
    }
  }, 5)
  return timer
}

/** Ids of the cursors killCursors was sent for. */
function killedCursors(started: CommandStartedEvent[]): string[] {
  return started
    .filter((event) => event.commandName === 'killCursors')
    .flatMap((event) =>
      (event.command.cursors as { toString(): string }[]).map((id) => id.toString())
    )
}

describe('cancelling an export', () => {
  beforeAll(async () => {
    await loadFolder(data.folder, testDb.db)
  }, 120_000)

  it('kills the cursor on the server, removes the partial file and says how many rows', async () => {
    const { client, started, succeeded, exports } = monitoredExport(testDb.server.uri, testDb.name)
    try {
      const controller = new AbortController()
      const context: CallContext = { signal: controller.signal, reportProgress: () => undefined }
      const timer = afterGetMores(started, succeeded, PAST_THE_COLUMN_SAMPLE, () => {
        controller.abort()
      })
      const path = join(out, 'cancelled.csv')
      const error = await exports.exportToFile(EVENTS_JOB, path, context).catch((e: unknown) => e)
      clearInterval(timer)

      expect(error).toBeInstanceOf(AppError)
      expect(error).toMatchObject({ code: 'CANCELLED' })
      const message = (error as AppError).message
      expect(message).toMatch(
        /^Export cancelled after [\d,]+ rows; the partial file was removed, no file was saved\.$/
      )
      const rows = Number(/after ([\d,]+) rows/.exec(message)?.[1]?.replace(/,/g, ''))
      expect(rows).toBeGreaterThan(0)
      expect(rows).toBe(
        (error as AppError).details &&
          (error as { details: { rowsWritten: number } }).details.rowsWritten
      )
      expect(rows).toBeLessThan(data.counts.events)
      expect(existsSync(path)).toBe(false)
      expect(await filesIn(out)).not.toContain('cancelled.csv.partial')

      // The export's cursor was killed on the server, not left open until it times out.
      const cursorId = replyTo(succeeded, exportFind(started))?.cursor?.id?.toString()
      expect(cursorId).toBeDefined()
      expect(cursorId).not.toBe('0')
      expect(killedCursors(started)).toContain(cursorId)
    } finally {
      await client.close()
    }
  })

  it('to standard output whose reader went away (EPIPE): kills the cursor, says cancelled', async () => {
    const { client, started, succeeded, exports } = monitoredExport(testDb.server.uri, testDb.name)
    try {
      // `journey export … --out - | head -1`: the pipe breaks once the first rows are out.
      let chunks = 0
      const closedPipe = new Writable({
        write(_chunk, _encoding, callback) {
          chunks += 1
          if (chunks < 3) callback()
          else callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
        }
      })
      const error = await exports
        .exportToStream(EVENTS_JOB, closedPipe, {
          signal: new AbortController().signal,
          reportProgress: () => undefined
        })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AppError)
      expect(error).toMatchObject({ code: 'CANCELLED' })
      expect((error as AppError).message).toMatch(
        /^Export cancelled after [\d,]+ rows?; the output is incomplete\.$/
      )
      const cursorId = replyTo(succeeded, exportFind(started))?.cursor?.id?.toString()
      expect(cursorId).toBeDefined()
      expect(cursorId).not.toBe('0')
      expect(killedCursors(started)).toContain(cursorId)
    } finally {
      await client.close()
    }
  })

  it('a complete export exhausts its cursor (nothing left to kill)', async () => {
    const { client, started, succeeded, exports } = monitoredExport(testDb.server.uri, testDb.name)
    try {
      const path = join(out, 'complete.csv')
      const result = await exports.exportToFile(EVENTS_JOB, path, {
        signal: new AbortController().signal,
        reportProgress: () => undefined
      })
      expect(result.rowsWritten).toBe(data.counts.events)
      expect(existsSync(path)).toBe(true)
      // The export's cursor ran to its end (the server closed it: id 0), so nothing was killed.
      const cursorId = replyTo(succeeded, exportFind(started))?.cursor?.id?.toString()
      expect(cursorId).toBeDefined()
      const getMores = started.filter(
        (event) =>
          event.commandName === 'getMore' &&
          (event.command.getMore as { toString(): string }).toString() === cursorId
      )
      expect(replyTo(succeeded, getMores.at(-1))?.cursor?.id?.toString()).toBe('0')
      expect(killedCursors(started)).not.toContain(cursorId)
    } finally {
      await client.close()
    }
  })
})

describe('the server dying mid-export', () => {
  let server: DedicatedFerretdb

  beforeAll(async () => {
    server = await startDedicatedFerretdb()
    const client = new MongoClient(server.uri)
    try {
      await loadFolder(data.folder, client.db('shop'))
    } finally {
      await client.close()
    }
  }, 180_000)

  afterAll(async () => {
    await server.stop()
  })

  it('fails with a clear message, the rows written, and no file', async () => {
    const { client, started, succeeded, exports } = monitoredExport(server.uri, 'shop')
    try {
      const timer = afterGetMores(started, succeeded, PAST_THE_COLUMN_SAMPLE, () => {
        server.kill()
      })
      const path = join(out, 'server-died.csv')
      const error = await exports
        .exportToFile(EVENTS_JOB, path, {
          signal: new AbortController().signal,
          reportProgress: () => undefined
        })
        .catch((e: unknown) => e)
      clearInterval(timer)
      expect(error).toBeInstanceOf(AppError)
      const { code, message } = error as AppError
      // The driver's network error, mapped: lost when the connection drops under a getMore,
      // refused when the next getMore finds no server to connect to.
      expect(['CONNECTION_LOST', 'CONNECTION_REFUSED']).toContain(code)
      expect(message).toMatch(
        /^Export failed after [\d,]+ rows: .+[.?] The partial file was removed, no file was saved\.$/
      )
      expect(existsSync(path)).toBe(false)
      expect(await filesIn(out)).not.toContain('server-died.csv.partial')
    } finally {
      await client.close()
    }
  })
})

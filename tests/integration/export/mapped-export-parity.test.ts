import { readdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient, type CommandStartedEvent, type CommandSucceededEvent } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import { readNdjsonFile } from '../../../src/main/data/ndjson/ndjson-reader'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import { ExportService } from '../../../src/main/services/export/export-service'
import { exportRequestSchema } from '../../../src/shared/export/export-request'
import { AppError } from '../../../src/shared/errors'
import { EVENT_TYPES } from '../../../src/shared/journeys/documents'
import { parseCsv } from '../../helpers/parse-csv'
import { runCliInMemory } from '../../helpers/run-cli-in-memory'
import { useTestDatabase } from '../../helpers/test-server/use-test-database'
import { filesIn } from './export-fixtures'

/*
 * `journey export … --uri … --db … --mapping FILE.json` on the test server (reducer strategy)
 * holding Segment- and PostHog-shaped data writes the rows the same export writes from the folder
 * of that data (its mapped copy, local engine): case files, funnel and flow users, search, the
 * overview and the raw collections. A cancelled mapped export kills its cursor and leaves no file.
 */

const testDb = useTestDatabase()
let home: string

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-mapped-export-'))
})

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

/** A CSV file's header and its rows sorted (row order is the engine's, the rows are the data's). */
async function csvOf(path: string): Promise<{ header: string[]; rows: string[][] }> {
  const [header = [], ...rows] = parseCsv(await readFile(path))
  const sorted = rows.map((row) => ({ row, key: JSON.stringify(row) }))
  sorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return { header, rows: sorted.map(({ row }) => row) }
}

/** Rows keyed by column name, so two files whose columns came in another order compare alike. */
function byColumn(file: { header: string[]; rows: string[][] }): Record<string, string>[] {
  const records = file.rows.map((row) =>
    Object.fromEntries(file.header.map((name, index) => [name, row[index] ?? '']))
  )
  return records.sort((a, b) => {
    const x = JSON.stringify(Object.entries(a).sort())
    const y = JSON.stringify(Object.entries(b).sort())
    return x < y ? -1 : x > y ? 1 : 0
  })
}

describe.each(['segment', 'posthog'] as const)(
  'exports of the %s shape on the test server',
  (shape) => {
    const spec = DEMO_SHAPE_SPECS[shape]
    const cart = spec.eventNames[EVENT_TYPES.addToCart] ?? ''
    const database = (): string => `${testDb.name}_export_${shape}`
    let folder: string
    let mappingFile: string
    let server: string[]

    beforeAll(async () => {
      folder = join(home, shape)
      await generateDemoFolder({ outDir: folder, users: 80, seed: 17, shape })
      mappingFile = join(home, `${shape}.json`)
      await writeFile(mappingFile, JSON.stringify(spec.mapping))
      const db = testDb.client.db(database())
      await db.dropDatabase()
      for (const file of await readdir(folder)) {
        const documents: Record<string, unknown>[] = []
        for await (const record of readNdjsonFile(join(folder, file))) {
          documents.push(record.document as Record<string, unknown>)
        }
        await db.collection(file.slice(0, -'.ndjson'.length)).insertMany(documents)
      }
      await db.collection(spec.mapping.events.collection).createIndex({
        [spec.mapping.events.userId]: 1
      })
      server = ['--uri', testDb.server.uri, '--db', database()]
    }, 300_000)

    afterAll(async () => {
      await testDb.client.db(database()).dropDatabase()
    })

    const exports: [string, string[], 'rows' | 'columns'][] = [
      ['case file events', ['case-file', 'u000007'], 'rows'],
      ['case file sessions', ['case-file', 'u000007', '--sessions'], 'rows'],
      [
        'funnel users who reached the cart',
        [
          'funnel-users',
          '--step',
          'PAGE_VIEW',
          '--step',
          cart,
          '--users',
          'reached',
          '--at-step',
          '2'
        ],
        'rows'
      ],
      [
        'funnel users who dropped before buying, Chrome only',
        [
          'funnel-users',
          '--step',
          'PAGE_VIEW:/product/*',
          '--step',
          'PURCHASE',
          '--users',
          'dropped',
          '--at-step',
          '2',
          '--browser',
          'Chrome'
        ],
        'rows'
      ],
      ['flow edges', ['flows', '--from-page', '/cart', '--depth', '3'], 'rows'],
      ['flow users', ['flow-users', '--from-page', '/cart', '--node', '0:/cart'], 'rows'],
      ['search', ['search', 'a'], 'rows'],
      ['search by id', ['search', 'u000011'], 'rows'],
      ['overview days', ['overview', '--time-zone', 'Europe/Berlin'], 'rows'],
      ['overview top pages', ['overview', '--table', 'top-pages'], 'rows'],
      ['raw events', ['collection', 'events'], 'columns'],
      ['raw events in a range', ['collection', 'events', '--from', '2025-09-01'], 'columns'],
      ['raw sessions', ['collection', 'sessions'], 'columns'],
      ['raw users', ['collection', 'users', '--to', '2026-01-01'], 'columns']
    ]

    it.each(exports)(
      '%s: the rows of the mapped folder',
      async (label, args, compare) => {
        const slug = label.replace(/\W+/g, '-')
        const localOut = join(home, `${shape}-${slug}-local.csv`)
        const remoteOut = join(home, `${shape}-${slug}-server.csv`)
        const local = await runCliInMemory([
          'export',
          ...args,
          '--out',
          localOut,
          '--data',
          folder,
          '--mapping',
          mappingFile
        ])
        expect(local.code, local.stderr).toBe(0)
        const remote = await runCliInMemory([
          'export',
          ...args,
          '--out',
          remoteOut,
          ...server,
          '--mapping',
          mappingFile
        ])
        expect(remote.code, remote.stderr).toBe(0)
        const expected = await csvOf(localOut)
        const actual = await csvOf(remoteOut)
        // Two files that both hold nothing prove nothing.
        expect(expected.rows.length, label).toBeGreaterThan(0)
        if (compare === 'rows') {
          expect(actual).toEqual(expected)
        } else {
          // Raw documents: the same columns (found in each file's first documents) and rows.
          expect([...actual.header].sort()).toEqual([...expected.header].sort())
          expect(byColumn(actual)).toEqual(byColumn(expected))
        }
      },
      120_000
    )

    it('kills its cursor and leaves no file when a mapped export is cancelled', async () => {
      const client = new MongoClient(testDb.server.uri, {
        monitorCommands: true,
        serverSelectionTimeoutMS: 5000
      })
      const started: CommandStartedEvent[] = []
      const succeeded: CommandSucceededEvent[] = []
      client.on('commandStarted', (event) => started.push(event))
      client.on('commandSucceeded', (event) => succeeded.push(event))
      const out = await mkdtemp(join(home, `${shape}-cancel-`))
      try {
        // Small batches, so the events' cursor stays open on the server for many round trips.
        const engine = new ReducerEngine(client.db(database()), {
          mapping: spec.mapping,
          cursor: { batchSize: 50 }
        })
        const service = new ExportService({
          journeys: { engineFor: () => Promise.resolve({ engine, target: 'test server' }) }
        })
        const job = {
          request: exportRequestSchema.parse({
            kind: 'collection',
            source: { kind: 'demo' },
            collection: 'events'
          }),
          options: { bom: false, formulaGuard: true }
        }
        // The export's reads of the events (the column sample is a first, closed read of them).
        const eventFinds = (): CommandStartedEvent[] =>
          started.filter(
            (event) =>
              event.commandName === 'find' && event.command.find === spec.mapping.events.collection
          )
        const cursorOf = (find: CommandStartedEvent | undefined): string | undefined =>
          (
            succeeded.find((event) => event.requestId === find?.requestId)?.reply as
              { cursor?: { id?: { toString(): string } } } | undefined
          )?.cursor?.id?.toString()
        const getMoresOf = (cursorId: string | undefined): number =>
          started.filter(
            (event) =>
              event.commandName === 'getMore' &&
              (event.command.getMore as { toString(): string }).toString() === cursorId &&
              succeeded.some((reply) => reply.requestId === event.requestId)
          ).length
        const controller = new AbortController()
        const timer = setInterval(() => {
          if (getMoresOf(cursorOf(eventFinds().at(-1))) >= 2 && eventFinds().length >= 2) {
            controller.abort()
          }
        }, 5)
        const path = join(out, 'events.csv')
        const failure: unknown = await service
          .exportToFile(job, path, { signal: controller.signal, reportProgress: () => undefined })
          .catch((error: unknown) => error)
        clearInterval(timer)
        expect(failure).toBeInstanceOf(AppError)
        expect(failure).toMatchObject({ code: 'CANCELLED' })
        const cursorId = cursorOf(eventFinds().at(-1))
        expect(cursorId).toBeDefined()
        expect(cursorId).not.toBe('0')
        const killed = started
          .filter((event) => event.commandName === 'killCursors')
          .flatMap((event) =>
            (event.command.cursors as { toString(): string }[]).map((id) => id.toString())
          )
        expect(killed).toContain(cursorId)
        expect(await filesIn(out)).toEqual([])
      } finally {
        await client.close()
      }
    }, 120_000)
  }
)

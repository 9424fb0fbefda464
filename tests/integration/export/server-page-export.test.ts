import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { Binary, BSONRegExp, Int32, Long, Timestamp, UUID, type Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JourneyEngine } from '../../../src/main/engine/journey-engine'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import { ExportService } from '../../../src/main/services/export/export-service'
import { exportRequestSchema } from '../../../src/shared/export/export-request'
import { useTestDatabase } from '../../helpers/test-server/use-test-database'
import { callContext, generateFolder, loadFolder, type GeneratedFolder } from '../journey-fixtures'
import { addTrickyCustomer } from './export-fixtures'

/*
 * A raw collection exported from a server a cursor page at a time (`documentPages`: the cursor
 * read raw, columns from the export's own first documents, each page's records written straight
 * from the BSON bytes) writes the very bytes the row-by-row path writes (a separate sample read,
 * documents as the driver gives them, csv-stringify row by row), warnings too: with the tricky
 * customer's values, pages smaller than the column sample, chosen columns, a date range, fields
 * that appear only after the sampled documents, and every BSON type the server stores.
 */

const testDb = useTestDatabase()
let data: GeneratedFolder
let out: string

beforeAll(async () => {
  data = await generateFolder({ users: 60, seed: 41 })
  await addTrickyCustomer(data.folder)
  await loadFolder(data.folder, testDb.db)
  // Late fields: documents past the column sample carry a field no sampled document has.
  const late = await testDb.db
    .collection('events')
    .find({}, { projection: { _id: 1 } })
    .skip(1500)
    .limit(3)
    .toArray()
  await testDb.db
    .collection('events')
    .updateMany({ _id: { $in: late.map((event) => event._id) } }, { $set: { late: { x: 'y,z' } } })
  out = await mkdtemp(join(tmpdir(), 'jw-page-export-'))
}, 300_000)

afterAll(async () => {
  await rm(out, { recursive: true, force: true })
  await data.remove()
})

/** The same engine without its page path: `documents` row by row after a sample read. */
function rowByRow(engine: ReducerEngine): JourneyEngine {
  const rowSources = Object.create(engine.rowSources, {
    documentPages: { value: undefined }
  }) as JourneyEngine['rowSources']
  return Object.create(engine, { rowSources: { value: rowSources } }) as JourneyEngine
}

async function exportBytes(
  engine: JourneyEngine,
  request: Record<string, unknown>,
  columns: string[] | undefined,
  name: string
): Promise<{ text: string; warnings: string[]; rows: number }> {
  const service = new ExportService({
    journeys: { engineFor: () => Promise.resolve({ engine, target: 'test server' }) }
  })
  const path = join(out, name)
  const result = await service.exportToFile(
    {
      request: exportRequestSchema.parse({ source: { kind: 'demo' }, ...request }),
      options: { bom: false, formulaGuard: true, ...(columns ? { columns } : {}) }
    },
    path,
    callContext()
  )
  return { text: await readFile(path, 'utf8'), warnings: result.warnings, rows: result.rowsWritten }
}

/** Text a CSV writer or a spreadsheet gets wrong easily. */
const HOSTILE_TEXT = [
  'a,b',
  'say "hi"',
  'two\r\nlines',
  'line\nbreak',
  '=SUM(A1:A9)',
  '+1',
  '-2',
  '@cmd',
  '\tTab',
  'café 🛒',
  'עברית',
  'مرحبا'
]

/** Events with a value of every BSON type FerretDB 1.24 stores, nested and at the top. */
function typedEvents(): Document[] {
  const values: unknown[] = [
    1.5,
    -0.25,
    new Int32(42),
    Long.fromString('9007199254740993'),
    Long.fromNumber(-12),
    true,
    false,
    null,
    new Date('2025-05-30T14:10:35.299Z'),
    new Date(Date.UTC(-5, 0, 1)),
    new Binary(Buffer.from('bytes')),
    new UUID('0e5d6f8a-1b2c-4d3e-8f90-a1b2c3d4e5f6'),
    new BSONRegExp('^a,b', 'i'),
    new Timestamp({ t: 1_700_000_000, i: 3 }),
    {},
    [1, 'two, "2"', new Date('2025-01-01T00:00:00Z'), { nested: ['x'] }],
    ...HOSTILE_TEXT
  ]
  return values.map((value, index) => ({
    _id: `t${String(index).padStart(2, '0')}`,
    value,
    text: HOSTILE_TEXT[index % HOSTILE_TEXT.length],
    metadata: { value, deeper: { value } },
    ...(index % 3 === 0 ? { '': 'empty key' } : {})
  }))
}

describe('a server export a page at a time', () => {
  it('writes every BSON type the server stores, and hostile text, as the row-by-row path', async () => {
    const db = testDb.client.db(`${testDb.name}_types`)
    try {
      const documents = typedEvents()
      await db.collection('events').insertMany(documents)
      // Pages of 5: many pages, each with a mix of types.
      const engine = new ReducerEngine(db, { cursor: { batchSize: 5 } })
      const request = { kind: 'collection', collection: 'events' }
      const paged = await exportBytes(engine, request, undefined, 'types-paged.csv')
      const rows = await exportBytes(rowByRow(engine), request, undefined, 'types-rows.csv')
      expect(paged.rows).toBe(documents.length)
      expect(paged.text).toBe(rows.text)
      expect(paged.warnings).toEqual(rows.warnings)
      const records = parse<Record<string, string>>(paged.text, { columns: true })
      expect(records.map((record) => record.text)).toEqual(
        documents.map((document) => {
          const text = document.text as string
          // The formula guard's leading quote on text a spreadsheet would run.
          return /^[=+\-@\t]/.test(text) ? `'${text}` : text
        })
      )
      const byId = new Map(records.map((record) => [record._id, record]))
      expect(byId.get('t08')?.['metadata.deeper.value']).toBe('2025-05-30T14:10:35.299Z')
      expect(byId.get('t03')?.value).toBe('9007199254740993')
      expect(byId.get('t15')?.value).toBe(
        '[1,"two, \\"2\\"","2025-01-01T00:00:00.000Z",{"nested":["x"]}]'
      )
    } finally {
      await db.dropDatabase()
    }
  }, 120_000)

  it.each([
    ['events', { kind: 'collection', collection: 'events' }, undefined],
    [
      'events in a range, chosen columns',
      {
        kind: 'collection',
        collection: 'events',
        range: { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-06-01T00:00:00Z') }
      },
      ['metadata.pageUrl', '_id', 'eventType', 'timestamp']
    ],
    ['users', { kind: 'collection', collection: 'users' }, undefined],
    ['sessions', { kind: 'collection', collection: 'sessions' }, undefined]
  ])(
    '%s: the bytes and warnings of the row-by-row path',
    async (label, request, columns) => {
      // Pages of 100 documents: the column sample (1,000) spans several of them.
      const engine = new ReducerEngine(testDb.db, { cursor: { batchSize: 100 } })
      const paged = await exportBytes(engine, request, columns, `${label}-paged.csv`)
      const rows = await exportBytes(rowByRow(engine), request, columns, `${label}-rows.csv`)
      expect(paged.rows).toBeGreaterThan(0)
      expect(paged.text).toBe(rows.text)
      expect(paged.warnings).toEqual(rows.warnings)
      expect(paged.rows).toBe(rows.rows)
      if (label === 'events') {
        expect(paged.rows).toBe(await testDb.db.collection('events').countDocuments())
        expect(paged.warnings.join(' ')).toContain('3 documents have fields that are not columns')
        expect(paged.text).toContain('u-tricky')
      }
    },
    120_000
  )
})

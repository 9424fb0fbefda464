import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JourneyEngine } from '../../../src/main/engine/journey-engine'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import { ExportService } from '../../../src/main/services/export/export-service'
import { exportRequestSchema } from '../../../src/shared/export/export-request'
import { useTestDatabase } from '../../helpers/test-server/use-test-database'
import { callContext, generateFolder, loadFolder, type GeneratedFolder } from '../journey-fixtures'
import { addTrickyCustomer } from './export-fixtures'

/*
 * A raw collection exported from a server a cursor page at a time (`documentPages`: columns from
 * the export's own first documents, each page formatted as one batch) writes the very bytes the
 * row-by-row path writes (a separate sample read, then csv-stringify row by row), warnings too:
 * with the tricky customer's values, pages smaller than the column sample, chosen columns, a
 * date range, and fields that appear only after the sampled documents.
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

describe('a server export a page at a time', () => {
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

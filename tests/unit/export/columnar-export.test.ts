import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { EJSON, ObjectId } from 'bson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JourneyEngine } from '../../../src/main/engine/journey-engine'
import { forgetLocalDataset } from '../../../src/main/engine/local/local-dataset-cache'
import { EVENT_BATCH_ROWS } from '../../../src/main/engine/local/local-event-batches'
import { buildLocalDataset } from '../../../src/main/engine/local/local-dataset'
import { LocalJourneyEngine, openLocalEngine } from '../../../src/main/engine/local/local-engine'
import type { JourneyRowSources } from '../../../src/main/engine/row-sources'
import { ExportService, type ExportJob } from '../../../src/main/services/export/export-service'
import type { CsvOptions } from '../../../src/shared/export/export-request'
import { exportRequestSchema } from '../../../src/shared/export/export-request'
import type { CallContext } from '../../../src/shared/rpc/contract'
import { parseCsv } from '../../helpers/parse-csv'

/*
 * The local engine exports raw events straight from its columns (no document per row); the
 * generic path rebuilds every document and writes it through csv-stringify. Both must write the
 * same bytes, for awkward data: delimiters, quotes, line breaks, emoji, right-to-left text,
 * formula-looking text, missing fields, fields that appear only after the column sample, nested
 * and opaque values, odd ids and dates outside 0000-9999.
 */

const T0 = Date.UTC(2025, 2, 1)
/** Events of the four users: a few batches, the first user alone more than the column sample. */
const EVENTS = 9000
const LATE_EVENTS = 6
const oid = (n: number): ObjectId => new ObjectId(n.toString(16).padStart(24, '0'))

const TRICKY_TEXTS = [
  '/search?q=a,b "c"\r\nd',
  '/👩🏽‍💻/🛒?emoji=✓',
  '/עברית/مرحبا بالعالم',
  '=HYPERLINK("http://evil.example","click")',
  '+SUM(1,2)',
  '-1+2',
  '@import',
  '\tindented',
  '\rcarriage',
  '＝wide',
  '',
  'plain',
  'lone\nfeed',
  'quote"inside'
]

/** Metadata shapes, cycled: text, numbers, booleans, null, missing keys, a dotted key. */
function metadataOf(k: number): Record<string, unknown> | undefined {
  const text = TRICKY_TEXTS[k % TRICKY_TEXTS.length] as string
  switch (k % 9) {
    case 0:
      return { pageUrl: text, duration: k - 40 }
    case 1:
      return { pageUrl: text, duration: (k % 7) * 1.25, referrer: text }
    case 2:
      return { query: text, resultsCount: k % 3 === 0 ? 0 : -k }
    case 3:
      return {
        orderId: `o-${k}`,
        amount: -12.5 * k,
        currency: k % 2 ? '@EUR' : 'USD',
        paid: k % 2 === 0
      }
    case 4:
      return { pageUrl: k % 2 ? null : 404, note: null, 'a.b': text }
    case 5:
      return undefined
    case 6:
      return { pageUrl: text, big: 1e21 * k, tiny: 5e-7, negZero: -0 }
    case 7:
      return { referrer: text, extra: k % 2 ? true : 'x,y' }
    default:
      return { pageUrl: '/cart', duration: 3 }
  }
}

/** Rows the columns cannot carry: extra top-level fields, nested values. */
function oddFields(k: number): Record<string, unknown> {
  switch (k % 25) {
    case 10:
      return { channel: 'web,"app"' }
    case 13:
      return { context: { app: { version: '=1.2' }, list: [1, 'a,b'] } }
    case 17:
      return { metadata: { pageUrl: '/p', cart: { items: 2, note: 'a"b\r\n' }, tags: ['x', '-y'] } }
    case 20:
      return { metadata: { pageUrl: '/q', list: [] } }
    default:
      return {}
  }
}

/** The events; in memory, numbers as ids too (a folder allows strings and ObjectIds only). */
function eventDocuments(inMemory: boolean): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = []
  const users = ['u-a', oid(7), 'u-ע', 'u-z']
  for (let k = 0; k < EVENTS; k++) {
    const metadata = metadataOf(k)
    const event: Record<string, unknown> = {
      _id:
        k % 97 === 5
          ? oid(100_000 + k)
          : inMemory && k % 89 === 3
            ? k * 1000.5
            : `e-${String(k).padStart(5, '0')}`,
      sessionId: k % 13 === 0 ? (inMemory ? 900 + (k % 5) : oid(900 + (k % 5))) : `s-${k % 40},x`,
      userId: users[k % users.length],
      eventType: k % 11 === 0 ? '=EVIL()' : ['PAGE_VIEW', 'SEARCH', 'PURCHASE', 'Clic "k"'][k % 4],
      timestamp: new Date(T0 + k * 61_000)
    }
    if (metadata) event.metadata = metadata
    Object.assign(event, oddFields(k))
    events.push(event)
  }
  // After the sample (the first user alone fills it): a new field, an empty metadata, dates
  // outside 0000-9999 (written with a sign) and one at the start of year 0.
  const late = (k: number, fields: Record<string, unknown>) => ({
    _id: `late-${k}`,
    sessionId: 's-late',
    userId: 'u-zz',
    eventType: 'LATE',
    timestamp: new Date(T0 + (2000 + k) * 61_000),
    ...fields
  })
  events.push(late(1, { metadata: { onlyLate: '-late', pageUrl: '/late' } }))
  events.push(late(2, { metadata: {} }))
  events.push(late(3, { timestamp: new Date(Date.parse('+010000-01-01T00:00:00.000Z')) }))
  events.push(late(4, { timestamp: new Date(Date.parse('-000001-06-01T00:00:00.000Z')) }))
  events.push(late(5, { timestamp: new Date(Date.parse('0000-01-01T00:00:00.000Z')) }))
  // An opaque (array) metadata, which a folder refuses: in the sample it would be a column itself.
  events.push(late(6, { metadata: inMemory ? ['opaque', 1] : { pageUrl: '/opaque' } }))
  return events
}

let folder: string
/** Per data set: its engine, and the same engine without its columnar fast path. */
const engines = new Map<string, { fast: JourneyEngine; generic: JourneyEngine }>()
let served = 0

/** Row sources that only read documents (the generic path every engine has). */
function documentsOnly(sources: JourneyRowSources): JourneyRowSources {
  return {
    customerEvents: (userId, context) => sources.customerEvents(userId, context),
    customerSessions: (userId, context) => sources.customerSessions(userId, context),
    funnelUsers: (query, context) => sources.funnelUsers(query, context),
    customers: (text, context) => sources.customers(text, context),
    documents: (query, context) => sources.documents(query, context),
    sampleDocuments: (query, limit, context) => sources.sampleDocuments(query, limit, context)
  }
}

/** The engine as it is (counting the exports its fast path serves), and without the fast path. */
function bothPaths(engine: LocalJourneyEngine): { fast: JourneyEngine; generic: JourneyEngine } {
  const counting: JourneyRowSources = {
    ...documentsOnly(engine.rowSources),
    documentBatches: async (query, paths, context) => {
      const batches = await engine.rowSources.documentBatches(query, paths, context)
      if (batches) served++
      return batches
    }
  }
  return {
    fast: Object.create(engine, { rowSources: { value: counting } }) as JourneyEngine,
    generic: Object.create(engine, {
      rowSources: { value: documentsOnly(engine.rowSources) }
    }) as JourneyEngine
  }
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'jw-columnar-export-'))
  const lines = eventDocuments(false).map((event) => EJSON.stringify(event, { relaxed: true }))
  await writeFile(join(folder, 'events.ndjson'), `${lines.join('\n')}\n`)
  await writeFile(join(folder, 'users.ndjson'), '')
  await writeFile(join(folder, 'sessions.ndjson'), '')
  engines.set('an NDJSON folder', bothPaths(await openLocalEngine(folder)))
  const inMemory = await buildLocalDataset('memory', {
    users: [],
    sessions: [],
    events: eventDocuments(true).map((document, i) => ({ document, line: i + 1 }))
  })
  engines.set('documents in memory', bothPaths(new LocalJourneyEngine(inMemory)))
}, 120_000)

afterAll(async () => {
  forgetLocalDataset(folder)
  await rm(folder, { recursive: true, force: true })
})

const context = (signal = new AbortController().signal): CallContext => ({
  signal,
  reportProgress: () => undefined
})

class Collect extends Writable {
  readonly chunks: Buffer[] = []
  constructor(private readonly onWrite: (writes: number) => void = () => undefined) {
    super()
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk)
    this.onWrite(this.chunks.length)
    callback()
  }
}

function serviceOn(engine: JourneyEngine): ExportService {
  return new ExportService({
    journeys: { engineFor: () => Promise.resolve({ engine, target: folder }) }
  })
}

function job(request: Record<string, unknown>, options: Partial<CsvOptions> = {}): ExportJob {
  return {
    request: exportRequestSchema.parse({
      kind: 'collection',
      source: { kind: 'demo' },
      ...request
    }),
    options: { bom: false, formulaGuard: true, ...options }
  }
}

async function exportOn(engine: JourneyEngine, exportJob: ExportJob) {
  const out = new Collect()
  const result = await serviceOn(engine).exportToStream(exportJob, out, context())
  return { bytes: Buffer.concat(out.chunks), result }
}

describe.each(['an NDJSON folder', 'documents in memory'])(
  'raw events from the columns of %s',
  (name) => {
    const fast = (): JourneyEngine => (engines.get(name) as { fast: JourneyEngine }).fast
    const generic = (): JourneyEngine => (engines.get(name) as { generic: JourneyEngine }).generic

    it.each([
      ['every event, formula guard on', job({ collection: 'events' })],
      [
        'every event, guard off, with a BOM',
        job({ collection: 'events' }, { formulaGuard: false, bom: true })
      ],
      [
        'a date range',
        job({
          collection: 'events',
          range: { from: new Date(T0 + 100 * 61_000), to: new Date(T0 + 900 * 61_000) }
        })
      ],
      [
        'chosen columns in another order, one reaching below a value',
        job(
          { collection: 'events' },
          {
            columns: [
              'metadata.pageUrl',
              'timestamp',
              'metadata.a.b',
              '_id',
              'userId',
              'metadata.amount'
            ]
          }
        )
      ]
    ])('%s: the same bytes and warnings as from documents', async (_name, exportJob) => {
      const before = served
      const expected = await exportOn(generic(), exportJob)
      const actual = await exportOn(fast(), exportJob)
      expect(served).toBe(before + 1)
      expect(actual.bytes.toString('latin1')).toBe(expected.bytes.toString('latin1'))
      expect(actual.result.rowsWritten).toBe(expected.result.rowsWritten)
      expect(actual.result.warnings).toEqual(expected.result.warnings)
      expect(actual.result.rowsWritten).toBeGreaterThan(500)
    })

    it('holds the awkward values: the file reads back through csv-parse', async () => {
      const { bytes, result } = await exportOn(fast(), job({ collection: 'events' }))
      const [header = [], ...rows] = parseCsv(bytes)
      expect(rows).toHaveLength(EVENTS + LATE_EVENTS)
      expect(result.rowsWritten).toBe(EVENTS + LATE_EVENTS)
      // Columns come from the sample; the late field is named in a warning instead.
      expect(header).toContain('metadata.pageUrl')
      expect(header).not.toContain('metadata.onlyLate')
      expect(result.warnings.join(' ')).toMatch(/metadata\.onlyLate/)
      const page = header.indexOf('metadata.pageUrl')
      const pages = new Set(rows.map((row) => row[page]))
      expect(pages).toContain('/search?q=a,b "c"\r\nd')
      expect(pages).toContain('/עברית/مرحبا بالعالم')
      expect(pages).toContain('\'=HYPERLINK("http://evil.example","click")')
      expect(pages).toContain("'-1+2")
      expect(pages).toContain('404')
      const times = rows.map((row) => row[header.indexOf('timestamp')])
      expect(times).toContain("'+010000-01-01T00:00:00.000Z")
      expect(times).toContain("'-000001-06-01T00:00:00.000Z")
      expect(times).toContain('0000-01-01T00:00:00.000Z')
    })

    it('leaves users and sessions, and a whole-metadata column, to the documents', async () => {
      const sources = fast().rowSources
      const batches = (collection: 'users' | 'sessions' | 'events', path: string) =>
        sources.documentBatches?.({ collection, range: {} }, ['_id', path], context())
      expect(await batches('users', 'name')).toBeNull()
      expect(await batches('sessions', 'userId')).toBeNull()
      expect(await batches('events', 'metadata')).toBeNull()
      expect(await batches('events', '_id.x')).toBeNull()
      expect(await batches('events', 'metadata.pageUrl')).not.toBeNull()
    })

    it('stops when cancelled part way, with the rows written so far', async () => {
      const controller = new AbortController()
      // The header is the first write, the first batch the second: cancel then.
      const out = new Collect((writes) => {
        if (writes === 2) controller.abort()
      })
      const error = await serviceOn(fast())
        .exportToStream(job({ collection: 'events' }), out, context(controller.signal))
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'CANCELLED' })
      const rowsWritten = (error as { details: { rowsWritten: number } }).details.rowsWritten
      expect(rowsWritten).toBeGreaterThan(0)
      expect(rowsWritten).toBeLessThan(EVENTS + LATE_EVENTS)
      expect(rowsWritten % EVENT_BATCH_ROWS === 0 || rowsWritten < EVENT_BATCH_ROWS).toBe(true)
    })
  }
)

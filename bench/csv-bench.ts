import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { MongoClient, type Db } from 'mongodb'
import { loadFolderIntoMongo } from '../src/main/data/loader/load-into-mongodb'
import type { JourneyEngine } from '../src/main/engine/journey-engine'
import { ReducerEngine } from '../src/main/engine/mongo/reducer-engine'
import { DEFAULT_CURSOR_OPTIONS } from '../src/main/engine/mongo/run-find'
import { ExportService } from '../src/main/services/export/export-service'
import { exportRequestSchema } from '../src/shared/export/export-request'
import type { ExportResult } from '../src/shared/export/export-results'
import { startTestServer } from '../tests/helpers/test-server/start-test-server'
import { benchContext } from './bench-context'
import type { BenchFolder } from './bench-data'
import { atLeast, atMost, info, type Figure, type SectionResult } from './figures'
import { openBenchLocal } from './local-bench'
import { memorySnapshot, round, type MemorySnapshot } from './timing'

const SECTION = 'csv'
const TARGET_LOCAL_ROWS_PER_SECOND = 100_000
const TARGET_MEMORY_GROWTH_MB = 200
/** How often the peak memory is sampled during an export. */
const MEMORY_SAMPLE_MS = 20

/** One export measured: rows, time, rate and the memory it took on top of what was live before. */
export interface MeasuredExport {
  rowsWritten: number
  bytesWritten: number
  ms: number
  rowsPerSecond: number
  /** CPU seconds of this process during the export (user + system): less noisy on a busy machine. */
  cpuSeconds: number
  before: MemorySnapshot
  peakRssMb: number
  peakHeapUsedMb: number
  /** Peak RSS during the export minus the RSS after a full GC before it. */
  rssGrowthMb: number
  heapGrowthMb: number
  warnings: string[]
}

/**
 * Section 5: CSV export (issue 8). The raw events collection is exported through the product's
 * export service (row source, csv-stringify, `.partial` file renamed at the end) into a temporary
 * file: from the local engine over `--events` generated events (targets: >= 100,000 rows/s,
 * memory growth < 200 MB), and from the test server over `--csv-server-events` (target: at least
 * the server's own cursor rate, measured by draining the same find with the same batch size just
 * before and just after the export).
 */
export async function benchCsv(
  localData: BenchFolder,
  wireData: () => Promise<BenchFolder>,
  log: (line: string) => void
): Promise<SectionResult> {
  const out = await mkdtemp(join(tmpdir(), 'jw-bench-csv-'))
  try {
    log(`csv: local engine, ${localData.counts.events.toLocaleString('en-US')} events`)
    const local = await openBenchLocal(localData.folder)
    const localRun = await measureExport(local.engine, localData.folder, out)
    const figures: Figure[] = [
      atLeast(
        SECTION,
        'local engine: events exported',
        localRun.rowsPerSecond,
        'rows/s',
        TARGET_LOCAL_ROWS_PER_SECOND,
        describeRun(localRun)
      ),
      atMost(
        SECTION,
        'local engine: memory growth (peak RSS)',
        localRun.rssGrowthMb,
        'MB',
        TARGET_MEMORY_GROWTH_MB,
        `heap growth ${localRun.heapGrowthMb} MB; RSS ${localRun.before.rssMb} MB before`
      )
    ]
    const wire = await benchServerExport(await wireData(), out, log)
    figures.push(...wire.figures)
    return {
      data: { local: { events: localData.counts.events, ...localRun }, server: wire.data },
      figures
    }
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}

async function benchServerExport(
  data: BenchFolder,
  out: string,
  log: (line: string) => void
): Promise<{ data: Record<string, unknown>; figures: Figure[] }> {
  const server = await startTestServer(log)
  const client = new MongoClient(server.info.uri, { serverSelectionTimeoutMS: 10_000 })
  const db = client.db(`journey_bench_csv_${process.pid}_${Date.now()}`)
  try {
    await client.connect()
    log(`csv: ${server.info.flavor} ${server.info.version}; loading ${data.counts.events} events`)
    const loadStart = performance.now()
    await loadFolderIntoMongo({ folder: data.folder, db })
    const loadMs = performance.now() - loadStart
    // The export runs between two drains of the same cursor (server caches, other load drift
    // alike on both sides); its rate is compared with their mean.
    log(`csv: draining the events cursor (1 of 2), ${data.counts.events} events`)
    const cursorBefore = await drainEvents(db)
    log('csv: exporting the events from the server')
    const run = await measureExport(new ReducerEngine(db), data.folder, out)
    log('csv: draining the events cursor (2 of 2)')
    const cursorAfter = await drainEvents(db)
    const cursorRate = Math.round(
      (cursorBefore.documentsPerSecond + cursorAfter.documentsPerSecond) / 2
    )
    const ratio = round(run.rowsPerSecond / cursorRate, 2)
    const drainCpu = (cursorBefore.cpuSeconds + cursorAfter.cpuSeconds) / 2
    const events = data.counts.events.toLocaleString('en-US')
    return {
      data: {
        server: server.info,
        events: data.counts.events,
        loadMs: round(loadMs),
        cursor: { before: cursorBefore, after: cursorAfter, documentsPerSecond: cursorRate },
        export: run,
        ratio
      },
      figures: [
        atLeast(
          SECTION,
          `server: ${events} events exported / its cursor rate`,
          ratio,
          'x',
          1,
          `${run.rowsPerSecond.toLocaleString('en-US')} rows/s exported, cursor alone ` +
            `${cursorBefore.documentsPerSecond.toLocaleString('en-US')} and ` +
            `${cursorAfter.documentsPerSecond.toLocaleString('en-US')} docs/s before and after; ` +
            `${describeRun(run)}; the drain took ${round(drainCpu, 2)} CPU s in this process`
        ),
        info(SECTION, 'server: memory growth (peak RSS)', run.rssGrowthMb, 'MB')
      ]
    }
  } finally {
    await db.dropDatabase().catch(() => undefined)
    await client.close()
    await server.stop()
  }
}

/**
 * The server's own rate: every event document read with the export's find (no filter, no
 * projection, the export's batch size), counted and nothing else done.
 */
async function drainEvents(db: Db): Promise<{
  documents: number
  ms: number
  documentsPerSecond: number
  cpuSeconds: number
}> {
  const cpuStart = process.cpuUsage()
  const start = performance.now()
  const cursor = db.collection('events').find({}, { batchSize: DEFAULT_CURSOR_OPTIONS.batchSize })
  let documents = 0
  while (await cursor.hasNext()) documents += cursor.readBufferedDocuments().length
  await cursor.close()
  const ms = performance.now() - start
  const cpu = process.cpuUsage(cpuStart)
  return {
    documents,
    ms: round(ms),
    documentsPerSecond: Math.round(documents / (ms / 1000)),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2)
  }
}

/** The raw events exported by the export service over `engine` into a file, memory sampled. */
async function measureExport(
  engine: JourneyEngine,
  folder: string,
  out: string
): Promise<MeasuredExport> {
  const exports = new ExportService({
    journeys: { engineFor: () => Promise.resolve({ engine, target: folder }) }
  })
  const job = {
    request: exportRequestSchema.parse({
      kind: 'collection',
      source: { kind: 'folder', path: folder },
      collection: 'events'
    }),
    options: { bom: false, formulaGuard: true }
  }
  const before = memorySnapshot()
  let peakRss = 0
  let peakHeap = 0
  const sample = (): void => {
    const usage = process.memoryUsage()
    peakRss = Math.max(peakRss, usage.rss)
    peakHeap = Math.max(peakHeap, usage.heapUsed)
  }
  const sampler = setInterval(sample, MEMORY_SAMPLE_MS)
  const cpuStart = process.cpuUsage()
  const start = performance.now()
  let result: ExportResult
  try {
    result = await exports.exportToFile(job, join(out, 'events.csv'), benchContext())
  } finally {
    clearInterval(sampler)
  }
  const ms = performance.now() - start
  const cpu = process.cpuUsage(cpuStart)
  sample()
  await rm(join(out, 'events.csv'), { force: true })
  const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1)
  return {
    rowsWritten: result.rowsWritten,
    bytesWritten: result.bytesWritten,
    ms: round(ms),
    rowsPerSecond: Math.round(result.rowsWritten / (ms / 1000)),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
    before,
    peakRssMb: mb(peakRss),
    peakHeapUsedMb: mb(peakHeap),
    rssGrowthMb: round(mb(peakRss) - before.rssMb, 1),
    heapGrowthMb: round(mb(peakHeap) - before.heapUsedMb, 1),
    warnings: result.warnings
  }
}

function describeRun(run: MeasuredExport): string {
  return (
    `${run.rowsWritten.toLocaleString('en-US')} rows, ` +
    `${round(run.bytesWritten / 1024 / 1024, 1)} MB in ${round(run.ms / 1000, 2)} s ` +
    `(${run.cpuSeconds} CPU s in this process: ` +
    `${Math.round(run.rowsWritten / Math.max(run.cpuSeconds, 0.001)).toLocaleString('en-US')} rows per CPU s)`
  )
}

import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { gzipSync } from 'node:zlib'
import { MongoClient } from 'mongodb'
import type { TrackerEventInput } from '../src/shared/collector/tracker-events'
import { spawnCollector } from '../tests/helpers/collector/collector-process'
import { postBatch, TEST_ORIGIN, TEST_SITE } from '../tests/helpers/collector/post-batch'
import { TestVisit } from '../tests/helpers/collector/tracker-events'
import { REPO_ROOT } from '../tests/e2e/support/repo-root'
import { startTestServer } from '../tests/helpers/test-server/start-test-server'
import { atLeast, atMost, info, type Figure, type SectionResult } from './figures'
import { findChildProcess, ownCpuSeconds, processCpuSeconds } from './process-cpu'
import { percentile, round } from './timing'

const SECTION = 'collector'
const TARGET_EVENTS_PER_SECOND = 5_000
const TRACKER_GZIP_LIMIT_BYTES = 5 * 1024
const BATCHES_PER_VISIT = 10
/** The visit's clock moves this much per event (the time on a page). */
const STEP_MS = 1500

export interface CollectorBenchOptions {
  seconds: number
  clients: number
  batchSize: number
}

/**
 * Section 6: the collector (`npm run collector`, a child process) on the test server, fed by
 * `clients` local clients for `seconds`, each sending `batchSize`-event batches one after another
 * as the tracker does (a visit's page views, times on page, custom events and a purchase).
 * Events/s counts acknowledged events; latency is per request. Then the tracker's gzipped size.
 */
export async function benchCollector(
  options: CollectorBenchOptions,
  log: (line: string) => void
): Promise<SectionResult> {
  const tracker = trackerSize()
  const server = await startTestServer(log)
  const database = `bench_collector_${Date.now().toString(36)}`
  const ferretdbPid = server.info.kind === 'ferretdb' ? findChildProcess('ferretdb') : null
  let collector: Awaited<ReturnType<typeof spawnCollector>> | undefined
  try {
    collector = await spawnCollector([
      '--uri',
      server.info.uri,
      '--db',
      database,
      '--site',
      `${TEST_SITE}=${TEST_ORIGIN}`,
      '--rate-limit',
      '1000000/min'
    ])
    const collectorPid = collector.process.child.pid ?? null
    const url = collector.url
    log(
      `collector: ${options.clients} clients × ${options.batchSize}-event batches for ${options.seconds} s ` +
        `on ${server.info.flavor} ${server.info.version}`
    )
    const cpuBefore = cpuSnapshot(collectorPid, ferretdbPid)
    const started = performance.now()
    const deadline = started + options.seconds * 1000
    const latencies: number[] = []
    let acknowledged = 0
    let insertedDocuments = 0
    let failures = 0
    let firstRefusal: string | undefined
    // A visit's events span BATCHES_PER_VISIT batches of STEP_MS each: it starts that long ago,
    // so its last event is not in the future (the collector refuses clocks far ahead).
    const visitSpanMs = BATCHES_PER_VISIT * options.batchSize * STEP_MS
    const newVisit = () => new TestVisit(Date.now() - visitSpanMs - 60_000)
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        let visit = newVisit()
        for (let batchNumber = 0; performance.now() < deadline; batchNumber++) {
          if (batchNumber % BATCHES_PER_VISIT === 0) visit = newVisit()
          const batch = visitBatch(visit, options.batchSize, batchNumber % BATCHES_PER_VISIT === 0)
          const sent = performance.now()
          const reply = await postBatch(url, batch.events)
          latencies.push(performance.now() - sent)
          if (reply.status === 200 && reply.body.rejected === 0) {
            acknowledged += batch.events.length
            insertedDocuments += batch.documents
          } else {
            failures++
            firstRefusal ??= `${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`
          }
        }
      })
    )
    const elapsedS = (performance.now() - started) / 1000
    log(
      `collector: ${acknowledged} events acknowledged in ${round(elapsedS, 1)} s; checking the database`
    )
    const cpu = cpuDelta(cpuBefore, cpuSnapshot(collectorPid, ferretdbPid))

    const client = new MongoClient(server.info.uri)
    let stored: number
    try {
      stored = await client.db(database).collection('events').countDocuments({})
      await client.db(database).dropDatabase()
    } finally {
      await client.close()
    }
    const eventsPerSecond = round(acknowledged / elapsedS, 0)
    const p99 = round(percentile(latencies, 99), 1)
    const figures: Figure[] = [
      atLeast(
        SECTION,
        'events stored per second',
        eventsPerSecond,
        'events/s',
        TARGET_EVENTS_PER_SECOND,
        `${options.clients} clients, ${options.batchSize}-event batches, ${server.info.flavor} ${server.info.version}`
      ),
      info(SECTION, 'batch latency p50', round(percentile(latencies, 50), 1), 'ms'),
      info(SECTION, 'batch latency p99', p99, 'ms', `${latencies.length} batches`),
      atMost(
        SECTION,
        'tracker gzipped',
        tracker.gzipBytes,
        'bytes',
        TRACKER_GZIP_LIMIT_BYTES,
        `${tracker.bytes} bytes before gzip`
      )
    ]
    if (stored !== insertedDocuments || failures > 0) {
      figures.push(
        info(
          SECTION,
          'lost or refused',
          insertedDocuments - stored,
          'events',
          `${failures} batch(es) not acknowledged or with refused events` +
            `${firstRefusal ? ` (first: ${firstRefusal})` : ''}; ` +
            `${stored} event documents for ${insertedDocuments} sent`
        )
      )
    }
    return {
      data: {
        server: server.info,
        clients: options.clients,
        batchSize: options.batchSize,
        seconds: round(elapsedS, 2),
        batches: latencies.length,
        acknowledgedEvents: acknowledged,
        eventDocumentsExpected: insertedDocuments,
        eventDocumentsStored: stored,
        failedBatches: failures,
        firstRefusal: firstRefusal ?? null,
        eventsPerSecond,
        latencyMs: {
          p50: round(percentile(latencies, 50), 2),
          p95: round(percentile(latencies, 95), 2),
          p99,
          max: round(Math.max(...latencies), 2)
        },
        cpuSeconds: cpu,
        tracker
      },
      figures
    }
  } finally {
    if (collector) {
      collector.process.child.kill('SIGTERM')
      await collector.exited
    }
    await server.stop()
  }
}

/**
 * One tracker batch of a visit: a session start on its first batch, then page views with the time
 * on the previous page, an add-to-cart every tenth event and a purchase at the end of the visit's
 * fifth batch. `documents` counts the new event documents it makes (times on page update views).
 */
function visitBatch(
  visit: TestVisit,
  size: number,
  first: boolean
): { events: TrackerEventInput[]; documents: number } {
  const events: TrackerEventInput[] = []
  let documents = 0
  let previous: ReturnType<TestVisit['pageView']> | undefined
  if (first) {
    events.push(visit.sessionStart('https://search.example/'))
    documents++
  }
  while (events.length < size) {
    visit.later(STEP_MS)
    const slot = events.length
    if (previous && slot % 2 === 1) {
      events.push(visit.pageDuration(previous, STEP_MS / 1000))
      previous = undefined
    } else if (slot % 10 === 4) {
      events.push(visit.track('ADD_TO_CART', { productId: `p${slot}`, quantity: 1 }))
      documents++
    } else if (slot === size - 1 && !first) {
      events.push(visit.purchase(`order-${visit.sessionId}-${slot}`, 42.5))
      documents++
    } else {
      const view = visit.pageView(`/product/${slot}`)
      previous = view
      events.push(view)
      documents++
    }
  }
  return { events, documents }
}

function trackerSize(): { bytes: number; gzipBytes: number } {
  const file = join(REPO_ROOT, 'out', 'tracker', 'journey-tracker.js')
  if (!existsSync(file)) {
    const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js')
    spawnSync(process.execPath, [vite, 'build', '--config', 'vite.tracker.config.ts'], {
      cwd: REPO_ROOT
    })
  }
  const text = readFileSync(file)
  return { bytes: text.length, gzipBytes: gzipSync(text, { level: 9 }).length }
}

interface CpuSnapshot {
  collector: number | null
  server: number | null
  bench: number
}

function cpuSnapshot(collectorPid: number | null, serverPid: number | null): CpuSnapshot {
  return {
    collector: collectorPid === null ? null : processCpuSeconds(collectorPid),
    server: serverPid === null ? null : processCpuSeconds(serverPid),
    bench: ownCpuSeconds()
  }
}

function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): Record<string, number | null> {
  const delta = (a: number | null, b: number | null) =>
    a === null || b === null ? null : round(b - a, 2)
  return {
    collector: delta(before.collector, after.collector),
    server: delta(before.server, after.server),
    benchClients: delta(before.bench, after.bench)
  }
}

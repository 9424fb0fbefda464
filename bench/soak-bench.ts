import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'
import { composeServices } from '../src/main/compose-services'
import { loadFolderIntoMongo } from '../src/main/data/loader/load-into-mongodb'
import { loadLocalDataset } from '../src/main/engine/local/local-dataset-cache'
import { JsonFileConnectionRepository } from '../src/main/services/connections/json-file-repository'
import { SessionSecretBox } from '../src/main/services/connections/secret-box'
import { JsonFileSavedFunnelsRepository } from '../src/main/services/funnels/json-file-saved-funnels-repository'
import { startWebBridge } from '../src/main/web/web-bridge'
import type { DataSource } from '../src/shared/journeys/data-source'
import { BridgeClient, type BridgeOutcome } from '../tests/helpers/bridge-client'
import { readFerretdbCounts, type FerretdbCounts } from '../tests/helpers/ferretdb-metrics'
import { startTestServer } from '../tests/helpers/test-server/start-test-server'
import type { BenchFolder } from './bench-data'
import { atMost, info, type Figure, type SectionResult } from './figures'
import { median, memorySnapshot, percentile, round, type MemorySnapshot } from './timing'

const SECTION = 'soak'
const TARGET_GROWTH_MB = 50
/** Share of calls cancelled part way: half by `/api/cancel`, half by closing the HTTP connection. */
const CANCEL_SHARE = 0.35
const MEMORY_SAMPLE_MS = 10_000
const SETTLE_TIMEOUT_MS = 60_000

export interface SoakOptions {
  minutes: number
  /** Clients calling the bridge at once, each one call after another. */
  clients: number
}

type Outcome = 'ok' | 'cancelled' | 'closed' | 'failed'

interface CallRecord {
  kind: string
  outcome: Outcome
  ms: number
  code?: string
}

/**
 * A soak of the web mode on the test server (FerretDB unless MONGODB_URI): the product's services
 * and web bridge in this process, `clients` clients calling it over real HTTP for `minutes`, a mix
 * of searches and case files (60 %), funnels, flows, overviews and the catalogue, a third cancelled
 * part way (`/api/cancel`, or the connection closed as a closed tab does). Reports the process's
 * memory (after a full GC) once warmed up and at the end, the calls still running, the server's
 * open cursors at the end and its client connections after the services close.
 */
export async function benchSoak(
  data: BenchFolder,
  options: SoakOptions,
  log: (line: string) => void
): Promise<SectionResult> {
  const server = await startTestServer(log)
  const metricsUrl = server.info.kind === 'ferretdb' ? (server.info.metricsUrl ?? null) : null
  const database = `journey_bench_soak_${process.pid}`
  const home = await mkdtemp(join(tmpdir(), 'jw-soak-'))
  const loader = new MongoClient(server.info.uri)
  let closeApp: (() => Promise<void>) | null = null
  try {
    log(
      `${SECTION}: ${server.info.flavor} ${server.info.version}; loading ${data.counts.events} events`
    )
    await loadFolderIntoMongo({ folder: data.folder, db: loader.db(database) })
    await loader.close()
    const users = await customerIds(data.folder)
    const services = composeServices({
      repository: new JsonFileConnectionRepository(join(home, 'connections.json')),
      secrets: new SessionSecretBox(),
      savedFunnels: new JsonFileSavedFunnelsRepository(join(home, 'saved-funnels.json')),
      demoFolder: data.folder,
      workspacesFolder: join(home, 'workspaces')
    })
    const bridge = await startWebBridge({
      backend: { router: services.router },
      rendererDir: home,
      port: 0
    })
    closeApp = async () => {
      await bridge.close()
      await services.close()
    }
    const added = await services.connections.add({ name: 'soak', uri: server.info.uri })
    const source: DataSource = { kind: 'connection', connectionId: added.id, database }
    const client = new BridgeClient(bridge.port, bridge.token)

    const durationMs = options.minutes * 60_000
    const warmupMs = Math.min(60_000, durationMs / 4)
    const started = performance.now()
    const deadline = started + durationMs
    const memory: { atS: number; snapshot: MemorySnapshot }[] = []
    const sampleMemory = () => {
      memory.push({ atS: round((performance.now() - started) / 1000), snapshot: memorySnapshot() })
    }
    sampleMemory()
    const sampler = setInterval(sampleMemory, MEMORY_SAMPLE_MS)
    const records: CallRecord[] = []
    log(
      `${SECTION}: ${options.clients} clients for ${options.minutes} min (warm-up ${round(warmupMs / 1000)} s)`
    )
    const random = seededRandom(7)
    const runClient = async () => {
      while (performance.now() < deadline) {
        records.push(await oneCall(client, source, users, random))
      }
    }
    try {
      await Promise.all(Array.from({ length: options.clients }, runClient))
    } finally {
      clearInterval(sampler)
    }
    const endedMs = performance.now() - started
    sampleMemory()
    const runningCalls = services.router.runningCalls
    const cursorsAtEnd = metricsUrl ? await settle(metricsUrl, database, 'openCursors') : null
    const connectionsOpen = metricsUrl ? await readFerretdbCounts(metricsUrl) : null
    await closeApp()
    closeApp = null
    const connectionsAfterClose = metricsUrl
      ? await settle(metricsUrl, undefined, 'openConnections')
      : null

    const afterWarmup = memory.find((sample) => sample.atS * 1000 >= warmupMs) ?? memory[0]
    const last = memory[memory.length - 1]
    const growthMb =
      afterWarmup && last ? round(last.snapshot.rssMb - afterWarmup.snapshot.rssMb) : null
    const heapGrowthMb =
      afterWarmup && last ? round(last.snapshot.heapUsedMb - afterWarmup.snapshot.heapUsedMb) : null
    const counts = countOutcomes(records)
    const failures = records.filter((record) => record.outcome === 'failed')
    const byKind = latencyByKind(records)
    const figures: Figure[] = [
      info(
        SECTION,
        'calls through the web bridge',
        records.length,
        'calls',
        `${options.clients} clients, ${round(endedMs / 1000)} s, ${round(records.length / (endedMs / 1000), 1)} calls/s: ${counts.ok} answered, ${counts.cancelled} cancelled by /api/cancel, ${counts.closed} by a closed connection, ${counts.failed} failed`
      ),
      atMost(
        SECTION,
        'memory growth after warm-up (RSS)',
        growthMb,
        'MB',
        TARGET_GROWTH_MB,
        afterWarmup && last
          ? `RSS ${afterWarmup.snapshot.rssMb} MB at ${afterWarmup.atS} s → ${last.snapshot.rssMb} MB at the end; heap ${afterWarmup.snapshot.heapUsedMb} → ${last.snapshot.heapUsedMb} MB`
          : undefined
      ),
      atMost(SECTION, 'calls still running at the end', runningCalls, 'calls', 0),
      atMost(
        SECTION,
        'server cursors open at the end',
        cursorsAtEnd,
        'cursors',
        0,
        metricsUrl ? undefined : 'not measured: the server has no FerretDB metrics'
      ),
      info(
        SECTION,
        'server connections while the app is open (its pool)',
        connectionsOpen?.openConnections ?? null,
        'connections'
      ),
      atMost(
        SECTION,
        'server connections after the app closed',
        connectionsAfterClose,
        'connections',
        0
      ),
      atMost(
        SECTION,
        'calls failed (not cancelled)',
        counts.failed,
        'calls',
        0,
        failures.length > 0 ? describeFailures(failures) : undefined
      ),
      ...Object.entries(byKind).map(([kind, stats]) =>
        info(
          SECTION,
          `${kind}: median / p95 of answered calls`,
          stats.medianMs,
          'ms',
          `p95 ${stats.p95Ms} ms over ${stats.answered} answered of ${stats.calls}`
        )
      )
    ]
    return {
      data: {
        server: server.info,
        options,
        events: data.counts.events,
        durationMs: round(endedMs),
        warmupMs,
        counts,
        byKind,
        failures: failures.slice(0, 20),
        memory,
        growthMb,
        heapGrowthMb,
        runningCalls,
        cursorsAtEnd,
        connectionsOpen,
        connectionsAfterClose
      },
      figures
    }
  } finally {
    await closeApp?.()
    await loader.close()
    const cleaner = new MongoClient(server.info.uri)
    await cleaner
      .db(database)
      .dropDatabase()
      .catch(() => undefined)
    await cleaner.close()
    await server.stop()
    await rm(home, { recursive: true, force: true })
  }
}

/** Polls the server's metrics until the count is 0 (or the time is up); the last value seen. */
async function settle(
  metricsUrl: string,
  database: string | undefined,
  what: keyof Pick<FerretdbCounts, 'openCursors' | 'openConnections'>
): Promise<number> {
  const until = performance.now() + SETTLE_TIMEOUT_MS
  let value = (await readFerretdbCounts(metricsUrl, database))[what]
  while (value > 0 && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    value = (await readFerretdbCounts(metricsUrl, database))[what]
  }
  return value
}

async function customerIds(folder: string): Promise<string[]> {
  const dataset = await loadLocalDataset(folder)
  const ids: string[] = []
  for (let u = 0; u < dataset.userCount; u++) {
    if (dataset.hasUserDocument(u)) ids.push(String(dataset.users.id(u)))
  }
  return ids
}

/** One call of a random kind, cancelled part way now and then. */
async function oneCall(
  client: BridgeClient,
  source: DataSource,
  users: readonly string[],
  random: () => number
): Promise<CallRecord> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const user = pick(users)
  // Weighted as people use the app: mostly lookups, now and then an analysis over every event.
  const calls: [number, string, string, unknown][] = [
    [30, 'search', 'journeys.searchCustomers', { source, text: pick(['Ma', 'jo', 'A', user]) }],
    [30, 'case file', 'journeys.customerCaseFile', { source, userId: user }],
    [
      15,
      'funnel',
      'journeys.funnel',
      {
        source,
        mode: pick(['ordered', 'strict', 'any']),
        steps: [
          { eventType: 'PAGE_VIEW', pageUrl: '/' },
          { eventType: 'PAGE_VIEW', pageUrl: '/product/*' },
          { eventType: 'ADD_TO_CART' },
          { eventType: 'PURCHASE' }
        ]
      }
    ],
    [10, 'flows', 'journeys.flows', { source, page: '/', direction: 'from', depth: 4 }],
    [10, 'overview', 'journeys.overview', { source }],
    [5, 'catalogue', 'journeys.catalogue', { source }]
  ]
  const [, kind, channel, input] = pickWeighted(calls, random())
  const requestId = randomUUID()
  const cancel = random() < CANCEL_SHARE ? (random() < 0.5 ? 'api' : 'close') : null
  const delayMs = 20 + random() * 400
  const closer = new AbortController()
  const timer =
    cancel === null
      ? null
      : setTimeout(() => {
          if (cancel === 'close') closer.abort()
          else void client.cancel(requestId).catch(() => false)
        }, delayMs)
  const start = performance.now()
  let outcome: BridgeOutcome
  try {
    outcome = await client.call(channel, input, { requestId, signal: closer.signal })
  } finally {
    if (timer) clearTimeout(timer)
  }
  const ms = round(performance.now() - start)
  if (outcome.kind === 'ok') return { kind, outcome: 'ok', ms }
  if (outcome.kind === 'closed') return { kind, outcome: 'closed', ms }
  if (outcome.error.code === 'CANCELLED') return { kind, outcome: 'cancelled', ms }
  return { kind, outcome: 'failed', ms, code: `${outcome.error.code}: ${outcome.error.message}` }
}

function pickWeighted<T extends [number, ...unknown[]]>(items: readonly T[], roll: number): T {
  const total = items.reduce((sum, item) => sum + item[0], 0)
  let left = roll * total
  for (const item of items) {
    left -= item[0]
    if (left < 0) return item
  }
  return items[items.length - 1] as T
}

function countOutcomes(records: readonly CallRecord[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { ok: 0, cancelled: 0, closed: 0, failed: 0 }
  for (const record of records) counts[record.outcome] += 1
  return counts
}

function latencyByKind(records: readonly CallRecord[]) {
  const kinds = new Map<string, CallRecord[]>()
  for (const record of records) kinds.set(record.kind, [...(kinds.get(record.kind) ?? []), record])
  return Object.fromEntries(
    [...kinds].map(([kind, list]) => {
      const answered = list.filter((record) => record.outcome === 'ok').map((record) => record.ms)
      return [
        kind,
        {
          calls: list.length,
          answered: answered.length,
          medianMs: answered.length > 0 ? round(median(answered)) : null,
          p95Ms: answered.length > 0 ? round(percentile(answered, 95)) : null
        }
      ]
    })
  )
}

function describeFailures(failures: readonly CallRecord[]): string {
  const byCode = new Map<string, number>()
  for (const failure of failures) {
    const key = `${failure.kind}: ${failure.code ?? '?'}`
    byCode.set(key, (byCode.get(key) ?? 0) + 1)
  }
  return [...byCode].map(([key, count]) => `${count}× ${key}`).join('; ')
}

/** A small deterministic generator (mulberry32), so two soaks ask the same things. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

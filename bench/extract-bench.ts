import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { MongoClient, type Document } from 'mongodb'
import { loadFolderIntoMongo } from '../src/main/data/loader/load-into-mongodb'
import { explainFind } from '../src/main/engine/mongo/explain-find'
import {
  EVENT_CURSOR_BATCH_SIZE,
  EVENT_ORDER_SORT,
  eventsAfterFilter
} from '../src/main/workspace/event-cursor'
import { extractFromServer, refreshFromServer } from '../src/main/workspace/server-workspace'
import { startTestServer } from '../tests/helpers/test-server/start-test-server'
import { benchContext } from './bench-context'
import type { BenchFolder } from './bench-data'
import { atMost, info, type Figure, type SectionResult } from './figures'
import { round } from './timing'

const SECTION = 'extract'
const REFRESH_SHARE_TARGET = 0.05

/**
 * Section `extract`: a whole-database extract from the wire server (FerretDB unless MONGODB_URI
 * says otherwise) against the server's plain cursor rate, then 1% new events and a refresh, whose
 * time must stay under 5% of the extract's.
 */
export async function benchExtract(
  data: BenchFolder,
  log: (line: string) => void
): Promise<SectionResult> {
  const server = await startTestServer(log)
  const client = new MongoClient(server.info.uri, { serverSelectionTimeoutMS: 10_000 })
  const database = `journey_extract_${process.pid}_${Date.now()}`
  const home = await mkdtemp(join(tmpdir(), 'journey-extract-bench-'))
  try {
    await client.connect()
    const db = client.db(database)
    log(`extract: loading ${data.counts.events} events into ${server.info.flavor}`)
    await loadFolderIntoMongo({ folder: data.folder, db, drop: true })

    log('extract: draining the events cursor')
    let started = performance.now()
    let drained = 0
    for await (const _ of db.collection('events').find({}, { batchSize: EVENT_CURSOR_BATCH_SIZE }))
      drained++
    const cursorRate = drained / ((performance.now() - started) / 1000)

    log('extract: whole database')
    const folder = join(home, 'workspace')
    started = performance.now()
    const extracted = await extractFromServer(
      { uri: server.info.uri, database },
      folder,
      {},
      benchContext()
    )
    const extractMs = performance.now() - started
    const extractRate = extracted.counts.events / (extracted.eventsMs / 1000)
    // The target: extract at the server's own cursor rate (1 = as fast as a drain that writes nothing).
    const extractToCursor = extractRate / cursorRate

    log('extract: adding 1% new events and refreshing')
    const added = await addNewEvents(db, Math.max(1, Math.round(data.counts.events / 100)))
    started = performance.now()
    const refreshed = await refreshFromServer(folder, server.info.uri, benchContext())
    const refreshMs = performance.now() - started
    // How the server runs the refresh's events find (`timestamp >= mark`, in event order): on
    // MongoDB an index on (timestamp, _id) reads only the new events; a server that cannot pass
    // the range to its storage reads every event, and the refresh costs a whole scan.
    const plan = await explainFind(db, {
      collection: 'events',
      filter: eventsAfterFilter({ from: new Date() }, null),
      sort: EVENT_ORDER_SORT
    })
    const figures: Figure[] = [
      info(SECTION, 'events cursor (plain find, drained)', round(cursorRate), 'events/s'),
      info(
        SECTION,
        'extract, events phase',
        round(extractRate),
        'events/s',
        `whole extract ${round(extractMs / 1000, 1)} s with sessions, users and the cache`
      ),
      info(
        SECTION,
        'extract / events cursor rate',
        round(extractToCursor, 2),
        '×',
        `${perSecond(extractRate)} vs ${perSecond(cursorRate)} events/s; both read in batches of ${perSecond(EVENT_CURSOR_BATCH_SIZE)}, the extract sorted on (timestamp, _id) and writing the workspace, the cursor neither`
      ),
      atMost(
        SECTION,
        'refresh of 1% new events / whole extract',
        round(refreshMs / extractMs, 3),
        '',
        REFRESH_SHARE_TARGET,
        `refresh ${round(refreshMs / 1000, 1)} s for ${refreshed.newEvents} new events (${added} added), ${refreshed.sessions} sessions and ${refreshed.users} users read again, cache rebuilt; ${refreshSteps(refreshed)}`
      ),
      info(
        SECTION,
        "explain the refresh's events find (timestamp >= mark)",
        plan.stage,
        '',
        `${plan.pushdown ? `filter passed to the backend: ${String(plan.pushdown.filter)}, sort: ${String(plan.pushdown.sort)}; ` : ''}${plan.summary.join(' | ')}`
      )
    ]
    await db.dropDatabase()
    return {
      data: {
        server: server.info,
        events: data.counts.events,
        cursorRate: round(cursorRate),
        extractMs: round(extractMs),
        eventsPhaseMs: round(extracted.eventsMs),
        extractRate: round(extractRate),
        extractToCursor: round(extractToCursor, 3),
        refreshMs: round(refreshMs),
        refreshEventsPlan: plan,
        refresh: {
          stepsMs: refreshed.stepsMs,
          cacheMs: refreshed.cache?.openMs ?? null,
          newEvents: refreshed.newEvents,
          sessions: refreshed.sessions,
          users: refreshed.users
        },
        cache: extracted.cache
      },
      figures
    }
  } finally {
    await client.close()
    await server.stop()
    await rm(home, { recursive: true, force: true })
  }
}

/** A rate as a whole number with thousands separators. */
function perSecond(rate: number): string {
  return Math.round(rate).toLocaleString('en-US')
}

/** Where a refresh's time went, in seconds. */
function refreshSteps(refreshed: Awaited<ReturnType<typeof refreshFromServer>>): string {
  const { events, sessions, users, writing } = refreshed.stepsMs
  const s = (ms: number) => `${round(ms / 1000, 1)} s`
  const cache = refreshed.cache ? s(refreshed.cache.openMs + refreshed.cache.writeMs) : '?'
  return `events ${s(events)}, sessions ${s(sessions)}, users ${s(users)}, files ${s(writing)}, cache ${cache}`
}

/** Copies of the last `count` events, moved after the last one, with new ids. */
async function addNewEvents(db: ReturnType<MongoClient['db']>, count: number): Promise<number> {
  const events = db.collection<Document & { _id: unknown }>('events')
  const latest = await events.find({}).sort({ timestamp: -1, _id: -1 }).limit(count).toArray()
  const last = (latest[0]?.timestamp as Date | undefined)?.getTime() ?? Date.now()
  const copies = latest.map((event, k) => ({
    ...event,
    _id: `refresh-${k}`,
    timestamp: new Date(last + 1000 + k * 1000)
  }))
  if (copies.length > 0) await events.insertMany(copies)
  return copies.length
}

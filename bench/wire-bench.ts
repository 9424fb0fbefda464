import { MongoClient, type Db } from 'mongodb'
import { loadFolderIntoMongo, type LoadProgress } from '../src/main/data/loader/load-into-mongodb'
import type { EngineQuery } from '../src/main/engine/rules/engine-query'
import { explainFind, type FindExplanation } from '../src/main/engine/mongo/explain-find'
import {
  customerEventsFind,
  customerSearchFind,
  customerSessionsFind,
  flowEventsFind,
  funnelEventsFind,
  type FindSpec
} from '../src/main/engine/mongo/find-specs'
import { IndexAdvisor } from '../src/main/engine/mongo/index-advisor'
import { ReducerEngine } from '../src/main/engine/mongo/reducer-engine'
import { DEFAULT_CURSOR_OPTIONS, streamFind } from '../src/main/engine/mongo/run-find'
import { buildCaseFileUserLookup } from '../src/main/engine/pipelines'
import type { DocumentId, SessionDocument } from '../src/shared/journeys/documents'
import type { FlowQuery, FunnelQuery } from '../src/shared/journeys/query-schemas'
import type { FlowResult, FunnelResult, QueryPlan } from '../src/shared/journeys/results'
import { startTestServer } from '../tests/helpers/test-server/start-test-server'
import { benchContext } from './bench-context'
import type { BenchFolder } from './bench-data'
import { caseFileQuery, flowQuery, funnelQuery } from './bench-queries'
import { firstDifference } from './deep-compare'
import { atLeast, info, type Figure, type SectionResult } from './figures'
import { openBenchLocal } from './local-bench'
import { findChildProcess, ownCpuSeconds, processCpuSeconds } from './process-cpu'
import { recordingDb, replayDb, type RecordedFind } from './replay-db'
import { round, timeOnce, timeRuns, type RunStats } from './timing'

const SECTION = 'wire'
const TARGET_EVENTS_PER_SECOND = 200_000

type WireQuery =
  | { kind: 'funnel'; query: EngineQuery<FunnelQuery> }
  | { kind: 'flows'; query: EngineQuery<FlowQuery> }

const QUERIES: Record<string, WireQuery> = {
  'funnel ordered (4 steps)': { kind: 'funnel', query: funnelQuery('ordered') },
  'flows from / (depth 5)': { kind: 'flows', query: flowQuery() }
}

function runQuery(
  engine: ReducerEngine,
  wire: WireQuery,
  context = benchContext()
): Promise<FunnelResult | FlowResult> {
  return wire.kind === 'funnel'
    ? engine.funnel(wire.query, context)
    : engine.flows(wire.query, context)
}

/**
 * Section 3: the reducer strategy on a MongoDB-wire server (FerretDB unless MONGODB_URI says
 * otherwise). Loads the folder with the product's loader, runs each query once end to end, once
 * draining its finds without reducers (server + driver), and replays the recorded documents through
 * the same engine with no server (reducers only). Then explains the customer lookups.
 */
export async function benchWire(
  data: BenchFolder,
  runs: number,
  log: (line: string) => void
): Promise<SectionResult> {
  const server = await startTestServer(log)
  const serverPid = server.info.kind === 'ferretdb' ? findChildProcess('ferretdb') : null
  const client = new MongoClient(server.info.uri, { serverSelectionTimeoutMS: 10_000 })
  const db = client.db(`journey_bench_${process.pid}_${Date.now()}`)
  try {
    await client.connect()
    log(`wire: ${server.info.flavor} ${server.info.version}; loading ${data.counts.events} events`)
    const load = await loadWithPhases(data.folder, db)
    const figures: Figure[] = [
      info(
        SECTION,
        'insert events',
        load.eventsPerSecond,
        'docs/s',
        `all ${load.documents} docs + indexes in ${round(load.totalMs / 1000, 1)} s`
      ),
      info(SECTION, 'build recommended indexes', load.indexMs, 'ms')
    ]
    const advisor = new IndexAdvisor(db)
    const queries: Record<string, unknown> = {}
    for (const [name, wire] of Object.entries(QUERIES)) {
      log(`wire: ${name}…`)
      const measured = await measureQuery(db, advisor, wire, runs, serverPid)
      const local = await openBenchLocal(data.folder)
      const expected =
        wire.kind === 'funnel'
          ? await local.engine.funnel(wire.query, benchContext())
          : await local.engine.flows(wire.query, benchContext())
      const { plan: _a, ...answer } = measured.result as { plan: unknown }
      const { plan: _b, ...localAnswer } = expected as { plan: unknown }
      const difference = firstDifference(answer, localAnswer)
      const { result: _result, ...rest } = measured
      queries[name] = {
        ...rest,
        parityWithLocalOk: difference === null,
        parityDifference: difference
      }
      figures.push(
        atLeast(
          SECTION,
          `${name}: events streamed`,
          measured.eventsPerSecond,
          'events/s',
          TARGET_EVENTS_PER_SECOND,
          describeWireRun(measured)
        ),
        info(
          SECTION,
          `${name}: reducers alone (in-memory stream)`,
          measured.reducerEventsPerSecond,
          'events/s'
        ),
        info(
          SECTION,
          `${name}: answer = local engine`,
          difference === null ? 'yes' : 'NO',
          '',
          difference ?? undefined
        )
      )
    }
    log('wire: explaining customer lookups')
    const explains = await explainLookups(db, data)
    for (const [name, explanation] of Object.entries(explains)) {
      const plan = `${explanation.stage}${explanation.indexName ? ` ${explanation.indexName}` : ''}`
      const pushdown = explanation.pushdown
        ? `pushdown filter ${String(explanation.pushdown.filter)}, sort ${String(explanation.pushdown.sort)}; `
        : ''
      figures.push(
        info(SECTION, `explain ${name}`, plan, '', `${pushdown}${explanation.summary.join(' | ')}`)
      )
    }
    return {
      data: {
        server: server.info,
        database: db.databaseName,
        events: data.counts.events,
        load,
        indexes: await advisor.status(),
        queries,
        explains
      },
      figures
    }
  } finally {
    await db.dropDatabase().catch(() => undefined)
    await client.close()
    await server.stop()
  }
}

function describeWireRun(measured: MeasuredQuery): string {
  const { eventsRead, endToEndMs, drainMs, reducersOnly, cpuSeconds } = measured
  const cpu =
    cpuSeconds.server === null
      ? `bench CPU ${cpuSeconds.bench} s`
      : `CPU during it: server ${cpuSeconds.server} s, bench ${cpuSeconds.bench} s`
  return (
    `${eventsRead.toLocaleString('en-US')} events in ${round(endToEndMs / 1000, 2)} s; ` +
    `finds drained without reducers ${round(drainMs / 1000, 2)} s; reducers alone ` +
    `${reducersOnly.medianMs} ms; ${cpu}`
  )
}

interface LoadFigures {
  documents: number
  totalMs: number
  eventsMs: number
  eventsPerSecond: number
  documentsPerSecond: number
  indexMs: number
  inserted: Record<string, number>
}

async function loadWithPhases(folder: string, db: Db): Promise<LoadFigures> {
  const lastOfPhase = new Map<LoadProgress['phase'], number>()
  const start = performance.now()
  const run = await timeOnce(() =>
    loadFolderIntoMongo({
      folder,
      db,
      onProgress: (progress) => lastOfPhase.set(progress.phase, performance.now())
    })
  )
  const end = start + run.ms
  const sessionsEnd = lastOfPhase.get('sessions') ?? start
  const eventsEnd = lastOfPhase.get('events') ?? sessionsEnd
  const indexesStart = lastOfPhase.get('indexes') ?? eventsEnd
  const inserted = run.value.inserted
  const documents = inserted.users + inserted.sessions + inserted.events
  const eventsMs = eventsEnd - sessionsEnd
  return {
    documents,
    totalMs: round(run.ms),
    eventsMs: round(eventsMs),
    eventsPerSecond: Math.round(inserted.events / (eventsMs / 1000)),
    documentsPerSecond: Math.round(documents / (run.ms / 1000)),
    indexMs: round(end - indexesStart),
    inserted
  }
}

interface MeasuredQuery {
  result: unknown
  plan: QueryPlan
  /** Events the engine reported reading ('Reading events' progress). */
  eventsRead: number
  endToEndMs: number
  eventsPerSecond: number
  /** The same finds drained with no reducer work: the server's and the driver's share. */
  drainMs: number
  drainEventsPerSecond: number
  /** The engine over the recorded documents without a server: the reducers' share. */
  reducersOnly: RunStats
  reducerEventsPerSecond: number
  cpuSeconds: { bench: number; server: number | null }
}

async function measureQuery(
  db: Db,
  advisor: IndexAdvisor,
  wire: WireQuery,
  runs: number,
  serverPid: number | null
): Promise<MeasuredQuery> {
  const records: RecordedFind[] = []
  const engine = new ReducerEngine(recordingDb(db, records), { indexAdvisor: advisor })
  const context = benchContext()
  const cpuBefore = ownCpuSeconds()
  const serverBefore = serverPid === null ? null : processCpuSeconds(serverPid)
  const endToEnd = await timeOnce(() => runQuery(engine, wire, context))
  const serverAfter = serverPid === null ? null : processCpuSeconds(serverPid)
  const cpuSeconds = {
    bench: round(ownCpuSeconds() - cpuBefore, 2),
    server:
      serverBefore === null || serverAfter === null ? null : round(serverAfter - serverBefore, 2)
  }
  const eventsRead = context.progress.get('Reading events')?.done ?? 0
  const recordedEvents = records
    .filter((record) => record.collection === 'events')
    .reduce((sum, record) => sum + record.documents.length, 0)
  if (recordedEvents !== eventsRead) {
    throw new Error(`events read: progress says ${eventsRead}, the cursor gave ${recordedEvents}`)
  }

  const plan = endToEnd.value.plan
  const drain = await timeOnce(async () => {
    let read = 0
    for (const step of plan.steps) {
      if (step.operation !== 'find') continue
      const spec = { ...step, collection: step.collection } as unknown as FindSpec
      read += await streamFind(
        db,
        spec,
        DEFAULT_CURSOR_OPTIONS,
        benchContext(),
        'drain',
        () => undefined
      )
    }
    return read
  })
  const replay = await timeRuns(runs, () => runQuery(new ReducerEngine(replayDb(records)), wire))
  const seconds = (ms: number) => ms / 1000
  return {
    result: endToEnd.value,
    plan,
    eventsRead,
    endToEndMs: round(endToEnd.ms),
    eventsPerSecond: Math.round(eventsRead / seconds(endToEnd.ms)),
    drainMs: round(drain.ms),
    drainEventsPerSecond: Math.round(eventsRead / seconds(drain.ms)),
    reducersOnly: replay.stats,
    reducerEventsPerSecond: Math.round(eventsRead / seconds(replay.stats.medianMs)),
    cpuSeconds
  }
}

/** Which index the customer search and the three case-file lookups use on this server. */
async function explainLookups(db: Db, data: BenchFolder): Promise<Record<string, FindExplanation>> {
  const { users } = await openBenchLocal(data.folder)
  const userId: DocumentId = users.typical.userId
  const user = await db.collection('users').findOne({ _id: userId as never })
  const name = typeof user?.name === 'string' ? user.name : 'a'
  const email = typeof user?.email === 'string' ? user.email : 'a@example.com'
  const sessions = await db
    .collection<SessionDocument>('sessions')
    .find({ userId }, { projection: { _id: 1 } })
    .toArray()
  const lookup = buildCaseFileUserLookup(caseFileQuery(users.typical.userId))
  const specs: Record<string, FindSpec> = {
    [`customer search by name prefix "${name.slice(0, 3)}"`]: customerSearchFind(name.slice(0, 3)),
    'customer search by exact email': customerSearchFind(email),
    'case file: user by _id': { collection: 'users', filter: lookup.filter, index: '_id_' },
    'case file: sessions of user': customerSessionsFind(userId),
    'case file: events of user': customerEventsFind(
      userId,
      sessions.map((session) => session._id)
    ),
    // References, to tell "this server never uses an index" from "these filters cannot use one".
    'reference: user by plain _id equality': { collection: 'users', filter: { _id: userId } },
    'reference: events by plain userId equality': { collection: 'events', filter: { userId } },
    'reducer funnel stream': funnelEventsFind(funnelQuery('ordered')),
    'reducer flow stream': flowEventsFind(flowQuery())
  }
  const explained: Record<string, FindExplanation> = {}
  for (const [label, spec] of Object.entries(specs)) explained[label] = await explainFind(db, spec)
  return explained
}

import type { LocalJourneyEngine } from '../src/main/engine/local/local-engine'
import { openLocalEngine } from '../src/main/engine/local/local-engine'
import { loadLocalDataset } from '../src/main/engine/local/local-dataset-cache'
import type { FunnelMode } from '../src/shared/journeys/query-schemas'
import type {
  CustomerCaseFile,
  FlowResult,
  FunnelResult,
  OverviewResult
} from '../src/shared/journeys/results'
import { benchContext } from './bench-context'
import type { BenchFolder } from './bench-data'
import {
  caseFileQuery,
  chooseCaseFileUsers,
  flowQuery,
  funnelQuery,
  overviewQuery,
  type ChosenUsers
} from './bench-queries'
import { atMost, info, type Figure, type SectionResult } from './figures'
import { memorySnapshot, round, timeOnce, timeRuns, type RunStats } from './timing'

const SECTION = 'local'
const TARGET_MS = { caseFile: 50, funnel: 300, flows: 500 } as const

/** The local engine over one generated folder, opened once per process (its data set is cached). */
export interface OpenedLocal {
  engine: LocalJourneyEngine
  users: ChosenUsers
  loadMs: number
  memoryBefore: ReturnType<typeof memorySnapshot>
  memoryAfter: ReturnType<typeof memorySnapshot>
}

const opened = new Map<string, Promise<OpenedLocal>>()

export function openBenchLocal(folder: string): Promise<OpenedLocal> {
  let entry = opened.get(folder)
  if (!entry) {
    entry = (async () => {
      const memoryBefore = memorySnapshot()
      const load = await timeOnce(() => openLocalEngine(folder))
      const memoryAfter = memorySnapshot()
      // Served from the process cache: the same data set the engine just loaded.
      const users = chooseCaseFileUsers(await loadLocalDataset(folder))
      return { engine: load.value, users, loadMs: round(load.ms), memoryBefore, memoryAfter }
    })()
    opened.set(folder, entry)
  }
  return entry
}

/** The local queries the benchmark times, by name, each returning its result. */
export function localQueries(opened: OpenedLocal): Record<string, () => Promise<unknown>> {
  const { engine, users } = opened
  const ctx = benchContext()
  const funnel = (mode: FunnelMode) => () => engine.funnel(funnelQuery(mode), ctx)
  return {
    'case file (busiest user)': () =>
      engine.customerCaseFile(caseFileQuery(users.busiest.userId), ctx),
    'case file (typical user)': () =>
      engine.customerCaseFile(caseFileQuery(users.typical.userId), ctx),
    'funnel ordered (4 steps)': funnel('ordered'),
    'funnel strict (4 steps)': funnel('strict'),
    'funnel any (4 steps)': funnel('any'),
    'flows from / (depth 5)': () => engine.flows(flowQuery(), ctx),
    overview: () => engine.overview(overviewQuery(), ctx)
  }
}

const TARGETS: Record<string, number | undefined> = {
  'case file (busiest user)': TARGET_MS.caseFile,
  'case file (typical user)': TARGET_MS.caseFile,
  'funnel ordered (4 steps)': TARGET_MS.funnel,
  'funnel strict (4 steps)': TARGET_MS.funnel,
  'funnel any (4 steps)': TARGET_MS.funnel,
  'flows from / (depth 5)': TARGET_MS.flows
}

const measured = new Map<string, Promise<{ stats: RunStats; value: unknown }>>()

/**
 * One local query timed (one warm-up, then `runs` runs) on a folder, once per process: the mingo
 * comparison reuses the figures of section 1 when they exist for the same folder.
 */
export function timeLocalQuery(
  folder: string,
  name: string,
  runs: number
): Promise<{ stats: RunStats; value: unknown }> {
  const key = `${folder}|${name}|${runs}`
  let entry = measured.get(key)
  if (!entry) {
    entry = openBenchLocal(folder).then((local) => {
      const query = localQueries(local)[name]
      if (!query) throw new Error(`no local query named "${name}"`)
      return timeRuns(runs, query)
    })
    measured.set(key, entry)
  }
  return entry
}

/** Section 1: load time, memory and query latencies of the local engine on the full data set. */
export async function benchLocal(data: BenchFolder, runs: number): Promise<SectionResult> {
  const local = await openBenchLocal(data.folder)
  const figures: Figure[] = [
    info(SECTION, `load ${data.counts.events.toLocaleString('en-US')} events`, local.loadMs, 'ms'),
    info(
      SECTION,
      'heap used after load',
      local.memoryAfter.heapUsedMb,
      'MB',
      `+${round(local.memoryAfter.heapUsedMb - local.memoryBefore.heapUsedMb, 1)} MB by the load (after a full GC)`
    ),
    info(SECTION, 'RSS after load', local.memoryAfter.rssMb, 'MB')
  ]
  const queries: Record<string, { stats: RunStats; answer: unknown }> = {}
  for (const name of Object.keys(localQueries(local))) {
    const { stats, value } = await timeLocalQuery(data.folder, name, runs)
    queries[name] = { stats, answer: describeAnswer(value) }
    const target = TARGETS[name]
    const note = `p95 ${stats.p95Ms} ms`
    figures.push(
      target === undefined
        ? info(SECTION, `${name} median`, stats.medianMs, 'ms', note)
        : atMost(SECTION, `${name} median`, stats.medianMs, 'ms', target, note)
    )
  }
  return {
    data: {
      folder: data.folder,
      counts: data.counts,
      generatedInMs: data.generatedInMs,
      loadMs: local.loadMs,
      memoryBeforeLoad: local.memoryBefore,
      memoryAfterLoad: local.memoryAfter,
      memoryAfterQueries: memorySnapshot(),
      caseFileUsers: local.users,
      runsPerQuery: runs,
      warmupRuns: 1,
      queries
    },
    figures
  }
}

/** A few numbers from a result, to show each timing answered a real question. */
export function describeAnswer(value: unknown): Record<string, unknown> {
  const result = value as Partial<FunnelResult & FlowResult & OverviewResult & CustomerCaseFile>
  if (result.steps) return { stepUsers: result.steps.map((step) => step.users) }
  if (result.nodes && result.edges) {
    return { sessions: result.sessions, nodes: result.nodes.length, edges: result.edges.length }
  }
  if (result.days && result.totals) return { days: result.days.length, totals: result.totals }
  if (result.totals && result.sessions) {
    return {
      sessionsTotal: result.sessionsTotal,
      sessionsReturned: result.sessions.length,
      pageViews: result.totals.pageViews,
      journeyNodes: result.journey?.nodes.length
    }
  }
  return {}
}

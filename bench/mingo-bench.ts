import type { BenchArgs } from './bench-args'
import type { BenchFolder } from './bench-data'
import { caseFileQuery, flowQuery, funnelQuery, overviewQuery } from './bench-queries'
import { firstDifference } from './deep-compare'
import { atLeast, info, type Figure, type SectionResult } from './figures'
import { openBenchLocal, timeLocalQuery, type OpenedLocal } from './local-bench'
import {
  MINGO_STACK_KB,
  MingoChildProcess,
  type MingoLoad,
  type MingoOutcome
} from './mingo-child-process'
import type { MingoJob } from './mingo-protocol'
import { round } from './timing'

const SECTION = 'mingo'
const TARGET_RATIO = 10

/** The local queries compared with mingo, cheapest first, and the pipelines that answer each. */
const COMPARED: Record<string, (local: OpenedLocal) => MingoJob> = {
  'case file (busiest user)': ({ users }) => ({
    kind: 'caseFile',
    query: caseFileQuery(users.busiest.userId)
  }),
  'case file (typical user)': ({ users }) => ({
    kind: 'caseFile',
    query: caseFileQuery(users.typical.userId)
  }),
  overview: () => ({ kind: 'overview', query: overviewQuery() }),
  'flows from / (depth 5)': () => ({ kind: 'flows', query: flowQuery() }),
  'funnel ordered (4 steps)': () => ({ kind: 'funnel', query: funnelQuery('ordered') }),
  'funnel strict (4 steps)': () => ({ kind: 'funnel', query: funnelQuery('strict') }),
  'funnel any (4 steps)': () => ({ kind: 'funnel', query: funnelQuery('any') })
}

interface Attempt {
  folder: string
  events: number
  outcome: MingoOutcome
}

interface Comparison {
  events: number
  /** Why the full data set was not used, when it was not. */
  fallbackReason?: string
  mingo:
    | Omit<Extract<MingoOutcome, { status: 'ok' }>, 'result'>
    | Exclude<MingoOutcome, { status: 'ok' }>
  localMedianMs?: number
  localP95Ms?: number
  /** mingo time / local median: how many times faster the local engine is. */
  ratio?: number
  parityOk?: boolean
  parityDifference?: string
  cappedInMingo?: number
}

/**
 * Section 2: the aggregation pipelines of src/main/engine/pipelines run in mingo (once per query:
 * at this size one run takes seconds to minutes) against the local engine on the same documents.
 * A query that times out or runs out of heap in mingo is compared on the smaller data set instead,
 * for both engines.
 */
export async function benchMingo(
  full: BenchFolder,
  smaller: () => Promise<BenchFolder>,
  args: BenchArgs,
  log: (line: string) => void
): Promise<SectionResult> {
  const names = Object.keys(COMPARED)
  const loads: Record<string, MingoLoad[]> = {}
  const attempts = new Map<string, Attempt[]>()
  const record = (folder: BenchFolder, outcomes: Map<string, MingoOutcome>): void => {
    for (const [name, outcome] of outcomes) {
      const list = attempts.get(name) ?? []
      list.push({ folder: folder.folder, events: folder.counts.events, outcome })
      attempts.set(name, list)
    }
  }
  const fullRun = await runJobs(full, names, args, log)
  loads[full.folder] = fullRun.loads
  record(full, fullRun.outcomes)

  const failed = names.filter((name) => fullRun.outcomes.get(name)?.status !== 'ok')
  let fallback: BenchFolder | null = null
  if (failed.length > 0) {
    fallback = await smaller()
    log(
      `mingo: ${failed.join(', ')} fell back to ${fallback.counts.events.toLocaleString('en-US')} events`
    )
    const fallbackRun = await runJobs(fallback, failed, args, log)
    loads[fallback.folder] = fallbackRun.loads
    record(fallback, fallbackRun.outcomes)
  }

  const figures: Figure[] = []
  const comparisons: Record<string, Comparison> = {}
  for (const name of names) {
    const tries = attempts.get(name) ?? []
    const last = tries[tries.length - 1]
    if (!last) continue
    const first = tries[0]
    const fallbackReason =
      tries.length > 1 && first && first.outcome.status !== 'ok'
        ? `${first.outcome.status} on ${first.events.toLocaleString('en-US')} events: ${first.outcome.detail}`
        : undefined
    const comparison = await compare(name, last, args.runs)
    if (fallbackReason) comparison.fallbackReason = fallbackReason
    comparisons[name] = comparison
    const size = `${comparison.events.toLocaleString('en-US')} events`
    const note =
      comparison.mingo.status === 'ok'
        ? `mingo ${round(comparison.mingo.ms / 1000, 2)} s vs local ${comparison.localMedianMs} ms on ${size}; parity ${comparison.parityOk ? 'ok' : `FAILED (${comparison.parityDifference ?? ''})`}${fallbackReason ? ` (fallback: ${first?.outcome.status})` : ''}`
        : `mingo ${comparison.mingo.status} on ${size}: ${comparison.mingo.detail}`
    const ratio = comparison.ratio ?? null
    const figure = atLeast(SECTION, `${name}: local vs mingo`, ratio, 'x', TARGET_RATIO, note)
    // A speed-up over a wrong answer is no speed-up.
    if (comparison.parityOk === false) figure.pass = false
    figures.push(figure)
  }
  const compared = Object.values(comparisons).filter((c) => c.parityOk !== undefined)
  figures.push(
    info(
      SECTION,
      'parity: mingo pipelines = local engine',
      compared.filter((c) => c.parityOk).length,
      `of ${names.length}`,
      'queries whose mingo answer (post-processed by *FromRows) equals the local engine'
    )
  )
  return {
    data: {
      method:
        'mingo 7.2.7 with tests/unit/pipelines/mingo-runner.ts, in a child process per data set ' +
        `(heap limit ${args.mingoHeapMb} MB, V8 stack ${MINGO_STACK_KB} KB for $setWindowFields); each query run ONCE in mingo (cold, single run), ` +
        `the local engine timed as in section 1 (median of ${args.runs} after 1 warm-up); ` +
        `a mingo query over ${args.mingoTimeoutMs / 1000} s or out of heap is retried on the ` +
        'smaller data set, where both engines are compared.',
      fullEvents: full.counts.events,
      fallbackEvents: fallback?.counts.events ?? null,
      mingoLoads: loads,
      comparisons
    },
    figures
  }
}

async function runJobs(
  folder: BenchFolder,
  names: string[],
  args: BenchArgs,
  log: (line: string) => void
): Promise<{ outcomes: Map<string, MingoOutcome>; loads: MingoLoad[] }> {
  const local = await openBenchLocal(folder.folder)
  const outcomes = new Map<string, MingoOutcome>()
  const loads: MingoLoad[] = []
  let child: MingoChildProcess | null = null
  try {
    for (const name of names) {
      const job = COMPARED[name]?.(local)
      if (!job) throw new Error(`no mingo job for "${name}"`)
      if (!child?.alive) {
        child = new MingoChildProcess(args.mingoHeapMb)
        log(`mingo: loading ${folder.counts.events.toLocaleString('en-US')} events into a child`)
        const load = await child.load(folder.folder)
        log(`mingo: loaded in ${round(load.ms / 1000, 1)} s, RSS ${load.rssMb} MB`)
        loads.push(load)
      }
      log(`mingo: ${name} on ${folder.counts.events.toLocaleString('en-US')} events…`)
      const outcome = await child.run(job, args.mingoTimeoutMs)
      log(
        `mingo: ${name}: ${outcome.status === 'ok' ? `${round(outcome.ms / 1000, 2)} s, peak RSS ${outcome.maxRssMb} MB` : `${outcome.status} (${outcome.detail})`}`
      )
      outcomes.set(name, outcome)
    }
  } finally {
    child?.kill()
  }
  return { outcomes, loads }
}

async function compare(name: string, attempt: Attempt, runs: number): Promise<Comparison> {
  const { outcome } = attempt
  if (outcome.status !== 'ok') return { events: attempt.events, mingo: outcome }
  const { result: mingoResult, ...mingo } = outcome
  const local = await timeLocalQuery(attempt.folder, name, runs)
  const { plan: _plan, ...expected } = local.value as { plan: unknown }
  const difference =
    outcome.capped > 0
      ? `${outcome.capped} users or sessions hit the pipelines' array cap`
      : firstDifference(mingoResult, expected)
  const comparison: Comparison = {
    events: attempt.events,
    mingo,
    localMedianMs: local.stats.medianMs,
    localP95Ms: local.stats.p95Ms,
    ratio: round(outcome.ms / local.stats.medianMs, 1),
    parityOk: difference === null,
    cappedInMingo: outcome.capped
  }
  if (difference !== null) comparison.parityDifference = difference
  return comparison
}

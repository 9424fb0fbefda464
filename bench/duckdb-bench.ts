import type { FunnelMode } from '../src/shared/journeys/query-schemas'
import type { BenchFolder } from './bench-data'
import { flowQuery, funnelQuery, overviewQuery } from './bench-queries'
import { firstDifference } from './deep-compare'
import { openDuckDb } from './duckdb/duckdb-load'
import { timeFirstOpenPairs } from './duckdb/first-open-pairs'
import { duckDbFunnel } from './duckdb/funnel-answer'
import { duckDbFlows, duckDbOverview } from './duckdb/flows-overview-answers'
import { atLeast, atMost, info, type Figure, type SectionResult } from './figures'
import { timeLocalQuery } from './local-bench'
import { round, timeRuns, type RunStats } from './timing'
import type { OpenFigures } from './workspace-bench'

const SECTION = 'duckdb'
const TARGETS = { funnelRatio: 3, otherRatio: 1, firstOpenRatio: 2 } as const

interface Compared {
  duckdb: RunStats
  localMedianMs: number
  /** DuckDB's median over the local engine's: how many times faster the local engine is. */
  ratio: number
  sameAnswer: boolean
  difference: string | null
}

/**
 * Section `duckdb`: DuckDB (@duckdb/node-api) over the same NDJSON files, running the same funnels
 * (each mode), flows and overview in SQL (bench/duckdb), each answer checked against the local
 * engine's (ties by `_id` included), and the ratios. Also DuckDB's `read_json` of the files against
 * the local engine's first open of them, in alternating rounds (see `timeFirstOpenPairs`).
 */
export async function benchDuckDb(
  data: BenchFolder,
  runs: number,
  firstOpen: () => Promise<OpenFigures>,
  log: (line: string) => void
): Promise<SectionResult> {
  const rounds = Math.max(3, Math.min(runs, 5))
  const opens = await timeFirstOpenPairs(data.folder, rounds, firstOpen, log)
  log('duckdb: reading the NDJSON files into typed tables')
  const duck = await openDuckDb(data.folder)
  const figures: Figure[] = []
  const compared: Record<string, Compared> = {}
  const ratioRange = (r: { min: number; max: number }) => `${r.min}-${r.max}× over ${rounds} rounds`
  try {
    figures.push(
      info(
        SECTION,
        'DuckDB read_json of events.ndjson (auto-detected)',
        opens.duckDbEventsMedianMs,
        'ms'
      ),
      info(SECTION, 'DuckDB typed tables of the three files', round(duck.tablesMs), 'ms'),
      atMost(
        SECTION,
        'local first open / DuckDB read_json (median round)',
        opens.ratio.median,
        '×',
        TARGETS.firstOpenRatio,
        `${ratioRange(opens.ratio)}, each round both run once seconds apart; local ${opens.localFirstOpenMedianMs} ms for the three files, cache written (median)`
      ),
      // Like for like: the same three files on both sides, and no file written on either.
      info(
        SECTION,
        'DuckDB read_json of the three files (auto-detected)',
        opens.duckDbThreeFilesMedianMs,
        'ms'
      ),
      info(
        SECTION,
        'local read + index (no cache write) / DuckDB read_json of the three files',
        opens.likeForLikeRatio.median,
        '×',
        ratioRange(opens.likeForLikeRatio)
      )
    )
    const queries: Record<string, { local: string; duck: () => Promise<unknown>; target: number }> =
      {}
    for (const mode of ['ordered', 'strict', 'any'] as FunnelMode[]) {
      queries[`funnel ${mode} (4 steps)`] = {
        local: `funnel ${mode} (4 steps)`,
        duck: () => duckDbFunnel(duck.connection, funnelQuery(mode)),
        target: TARGETS.funnelRatio
      }
    }
    queries['flows from / (depth 5)'] = {
      local: 'flows from / (depth 5)',
      duck: () => duckDbFlows(duck.connection, flowQuery()),
      target: TARGETS.otherRatio
    }
    queries.overview = {
      local: 'overview',
      duck: () => duckDbOverview(duck.connection, overviewQuery()),
      target: TARGETS.otherRatio
    }
    for (const [name, query] of Object.entries(queries)) {
      log(`duckdb: ${name}`)
      const duckRun = await timeRuns(Math.max(1, Math.min(runs, 5)), query.duck)
      const local = await timeLocalQuery(data.folder, query.local, runs)
      const { plan: _plan, ...localAnswer } = local.value as { plan: unknown }
      const difference = firstDifference(duckRun.value, localAnswer)
      const ratio = round(duckRun.stats.medianMs / local.stats.medianMs, 1)
      compared[name] = {
        duckdb: duckRun.stats,
        localMedianMs: local.stats.medianMs,
        ratio,
        sameAnswer: difference === null,
        difference
      }
      figures.push(
        atLeast(
          SECTION,
          `${name}: DuckDB / local`,
          difference === null ? ratio : null,
          '×',
          query.target,
          difference === null
            ? `DuckDB ${duckRun.stats.medianMs} ms, local ${local.stats.medianMs} ms, same answer`
            : `ANSWERS DIFFER at ${difference}`
        )
      )
    }
  } finally {
    duck.close()
  }
  return {
    data: {
      tablesMs: round(duck.tablesMs),
      firstOpen: opens,
      compared
    },
    figures
  }
}

import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { median, round } from '../timing'
import type { OpenFigures } from '../workspace-bench'

/** One round: a fresh DuckDB `read_json` and a fresh local first open of the same folder. */
export interface FirstOpenPair {
  /** Local read + index, and the cache written after it. */
  localReadMs: number
  localWriteMs: number
  duckDbEventsMs: number
  duckDbThreeFilesMs: number
  /** The target's figure: local open with its cache write over DuckDB's read of events.ndjson. */
  ratio: number
  /** Three files each, nothing written on either side. */
  likeForLikeRatio: number
}

export interface FirstOpenPairs {
  pairs: FirstOpenPair[]
  ratio: { median: number; min: number; max: number }
  likeForLikeRatio: { median: number; min: number; max: number }
  localFirstOpenMedianMs: number
  duckDbEventsMedianMs: number
  duckDbThreeFilesMedianMs: number
}

const COLLECTIONS = ['events', 'sessions', 'users'] as const

/**
 * DuckDB's `read_json` (its own type detection, what a user types first) of each NDJSON file into a
 * table, in a new in-memory instance: the time per file.
 */
export async function timeDuckDbReads(
  folder: string
): Promise<Record<(typeof COLLECTIONS)[number], number>> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const times = { events: 0, sessions: 0, users: 0 }
    for (const name of COLLECTIONS) {
      const path = join(folder, `${name}.ndjson`).replace(/'/g, "''")
      const started = performance.now()
      await connection.run(
        `CREATE TABLE raw_${name} AS SELECT * FROM read_json('${path}', format = 'newline_delimited')`
      )
      times[name] = performance.now() - started
      await connection.run(`DROP TABLE raw_${name}`)
    }
    return times
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

const spread = (values: number[]) => ({
  median: round(median(values), 2),
  min: round(Math.min(...values), 2),
  max: round(Math.max(...values), 2)
})

/**
 * The local first open against DuckDB's `read_json`, in rounds: each round runs both once, the one
 * going first alternating, and its ratio compares runs made seconds apart. The machine's speed
 * drifts by up to 2x over minutes here (a shared host), so a single pair of runs says little; the
 * figure is the median round's ratio, with the lowest and highest.
 */
export async function timeFirstOpenPairs(
  folder: string,
  rounds: number,
  openFresh: () => Promise<OpenFigures>,
  log: (line: string) => void
): Promise<FirstOpenPairs> {
  const pairs: FirstOpenPair[] = []
  for (let pass = 0; pass < rounds; pass++) {
    log(`duckdb: first open, round ${pass + 1} of ${rounds}`)
    let local: OpenFigures
    let duck: Awaited<ReturnType<typeof timeDuckDbReads>>
    if (pass % 2 === 0) {
      duck = await timeDuckDbReads(folder)
      local = await openFresh()
    } else {
      local = await openFresh()
      duck = await timeDuckDbReads(folder)
    }
    const localReadMs = local.origin?.openMs ?? local.openMs
    const localWriteMs = local.origin?.writeMs ?? 0
    const threeFiles = duck.events + duck.sessions + duck.users
    pairs.push({
      localReadMs: round(localReadMs),
      localWriteMs: round(localWriteMs),
      duckDbEventsMs: round(duck.events),
      duckDbThreeFilesMs: round(threeFiles),
      ratio: round((localReadMs + localWriteMs) / duck.events, 2),
      likeForLikeRatio: round(localReadMs / threeFiles, 2)
    })
  }
  return {
    pairs,
    ratio: spread(pairs.map((pair) => pair.ratio)),
    likeForLikeRatio: spread(pairs.map((pair) => pair.likeForLikeRatio)),
    localFirstOpenMedianMs: round(median(pairs.map((p) => p.localReadMs + p.localWriteMs))),
    duckDbEventsMedianMs: round(median(pairs.map((p) => p.duckDbEventsMs))),
    duckDbThreeFilesMedianMs: round(median(pairs.map((p) => p.duckDbThreeFilesMs)))
  }
}

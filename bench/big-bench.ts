import type { BenchFolder } from './bench-data'
import { atMost, info, type Figure, type SectionResult } from './figures'
import { median, round } from './timing'
import { openInChild } from './workspace-bench'

const SECTION = 'big'
const TARGETS = { openMs: 3000, funnelMs: 300, flowsMs: 1000, memoryMb: 2048 } as const

/**
 * Section `big` (only with `--only big`): the 10M-event folder, generated once and cached. Its
 * cache is built when missing (reported, not a target); then a fresh process opens it from the
 * cache, runs the 4-step funnel and the flows, and reports its peak memory.
 */
export async function benchBig(
  data: BenchFolder,
  runs: number,
  log: (line: string) => void
): Promise<SectionResult> {
  const figures: Figure[] = []
  log(`big: opening ${data.counts.events} events once, to have their cache`)
  const first = await openInChild(data.folder, 'cached', { heapMb: 8192 })
  if (first.origin?.kind === 'built') {
    figures.push(
      info(
        SECTION,
        'first open from NDJSON (cache built)',
        round(first.origin.openMs),
        'ms',
        `+ ${round(first.origin.writeMs)} ms writing ${round(first.origin.cacheBytes / 1e6)} MB`
      )
    )
  }
  log('big: open from the cache and queries')
  const cached = await openInChild(data.folder, 'cached', {
    queryRuns: Math.max(3, Math.min(runs, 5))
  })
  const funnel = round(median(cached.queries['funnel ordered (4 steps)'] ?? []))
  const flows = round(median(cached.queries['flows from / (depth 5)'] ?? []))
  figures.push(
    atMost(
      SECTION,
      `open ${data.counts.events.toLocaleString('en-US')} events from the cache`,
      cached.openMs,
      'ms',
      TARGETS.openMs
    ),
    atMost(
      SECTION,
      'funnel ordered (4 steps) median',
      funnel,
      'ms',
      TARGETS.funnelMs,
      `first run ${cached.firstFunnelMs ?? '?'} ms`
    ),
    atMost(SECTION, 'flows from / (depth 5) median', flows, 'ms', TARGETS.flowsMs),
    atMost(
      SECTION,
      'peak memory (RSS) of the process',
      cached.maxRssMb,
      'MB',
      TARGETS.memoryMb,
      `heap ${cached.heapUsedMb} MB after the open`
    )
  )
  return { data: { first, cached }, figures }
}

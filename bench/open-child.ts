import { performance } from 'node:perf_hooks'
import { removeFolderCache } from '../src/main/engine/local/cache/open-folder-dataset'
import { loadLocalDataset } from '../src/main/engine/local/local-dataset-cache'
import { openLocalEngine } from '../src/main/engine/local/local-engine'
import { benchContext } from './bench-context'
import { flowQuery, funnelQuery } from './bench-queries'
import { memorySnapshot, round } from './timing'

/*
 * One open of a folder in a process of its own (so memory is the open's alone):
 * `node --import tsx bench/open-child.ts <folder> fresh|cached [runs]`. `fresh` removes the cache
 * first; with `runs`, the funnel and the flows are then timed that many times.
 * Prints one JSON line: open time, the cache's origin, memory after a full GC, and (cached) the
 * time of a first funnel, which reads the columns it needs from the file.
 */
const [folder, mode] = process.argv.slice(2)
if (!folder || (mode !== 'fresh' && mode !== 'cached')) {
  process.stderr.write('usage: open-child.ts <folder> fresh|cached\n')
  process.exit(2)
}
if (mode === 'fresh') await removeFolderCache(folder)
const before = memorySnapshot()
const started = performance.now()
const dataset = await loadLocalDataset(folder)
// What every query needs at once: the event columns and the ids.
const columnsStarted = performance.now()
const touched = [dataset.eventTime, dataset.eventUser, dataset.eventSession, dataset.eventType]
touched.push(dataset.eventPage, dataset.userEventStart)
if (touched.length === 0 || dataset.users.size + dataset.sessions.size < 0) process.exit(1)
const openMs = performance.now() - started
const columnsMs = performance.now() - columnsStarted
const afterOpen = memorySnapshot()
let firstFunnelMs: number | null = null
const queries: Record<string, number[]> = {}
if (mode === 'cached') {
  const engine = await openLocalEngine(folder)
  const funnelStarted = performance.now()
  await engine.funnel(funnelQuery('ordered'), benchContext())
  firstFunnelMs = round(performance.now() - funnelStarted)
  // With --queries N: N timed runs of the funnel and the flows (the 10M section).
  const runs = Number(process.argv[4] ?? 0)
  const timed: Record<string, () => Promise<unknown>> = {
    'funnel ordered (4 steps)': () => engine.funnel(funnelQuery('ordered'), benchContext()),
    'flows from / (depth 5)': () => engine.flows(flowQuery(), benchContext())
  }
  for (const [name, query] of Object.entries(timed)) {
    queries[name] = []
    for (let i = 0; i < runs; i++) {
      const queryStarted = performance.now()
      await query()
      queries[name].push(round(performance.now() - queryStarted))
    }
  }
}
const end = memorySnapshot()
process.stdout.write(
  `${JSON.stringify({
    mode,
    openMs: round(openMs),
    columnsMs: round(columnsMs),
    origin: dataset.origin,
    events: dataset.eventCount,
    heapUsedMb: round(afterOpen.heapUsedMb - before.heapUsedMb, 1),
    heapTotalUsedMb: afterOpen.heapUsedMb,
    arrayBuffersMb: round(afterOpen.externalMb - before.externalMb, 1),
    rssMb: afterOpen.rssMb,
    firstFunnelMs,
    queries,
    rssMbAtEnd: end.rssMb,
    maxRssMb: round(process.resourceUsage().maxRSS / 1024, 1)
  })}\n`
)
process.exit(0)

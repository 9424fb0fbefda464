import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { cliBundleIsFresh } from '../bin/cli-bundle.mjs'
import { REPO_ROOT } from '../tests/e2e/support/repo-root'
import type { BenchFolder } from './bench-data'
import { atMost, info, type Figure, type SectionResult } from './figures'
import { median, round } from './timing'

const SECTION = 'workspace'
const TARGETS = { cachedOpenMs: 300, cachedHeapMb: 200, cliMs: 1000 } as const

export interface OpenFigures {
  mode: 'fresh' | 'cached'
  openMs: number
  columnsMs: number
  origin: { openMs: number; writeMs: number; cacheBytes: number; kind: string } | null
  events: number
  heapUsedMb: number
  arrayBuffersMb: number
  rssMb: number
  firstFunnelMs: number | null
  queries: Record<string, number[]>
  maxRssMb: number
}

function run(args: string[], timeoutMs = 30 * 60_000): Promise<{ stdout: string; ms: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: REPO_ROOT, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${args.join(' ')}: ${error.message}\n${stderr}`))
        else resolve({ stdout, ms: performance.now() - started })
      }
    )
  })
}

/** Opens a folder in a child process: `fresh` (from NDJSON, writing the cache) or `cached`. */
export async function openInChild(
  folder: string,
  mode: 'fresh' | 'cached',
  options: { queryRuns?: number; heapMb?: number } = {}
): Promise<OpenFigures> {
  const { stdout } = await run([
    ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
    '--import',
    'tsx',
    join('bench', 'open-child.ts'),
    folder,
    mode,
    String(options.queryRuns ?? 0)
  ])
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as OpenFigures
}

/** The journey commands a user runs on a workspace, each timed as a whole process. */
const CLI_COMMANDS: Record<string, (folder: string) => string[]> = {
  search: (folder) => ['search', 'Nadia', '--data', folder],
  customer: (folder) => ['customer', 'u000042', '--data', folder],
  funnel: (folder) => [
    'funnel',
    '--data',
    folder,
    '--step',
    'PAGE_VIEW:/',
    '--step',
    'PAGE_VIEW:/product/*',
    '--step',
    'ADD_TO_CART',
    '--step',
    'PURCHASE'
  ],
  flows: (folder) => ['flows', '--data', folder, '--from-page', '/', '--depth', '5'],
  overview: (folder) => ['overview', '--data', folder]
}

/**
 * Section `workspace`: the first open of the 1M-event folder from NDJSON (writing its cache), the
 * opens after it from the cache (time, heap), and every CLI command on the cached folder as a
 * whole process (node start-up included), median of `runs`.
 */
export async function benchWorkspace(
  data: BenchFolder,
  runs: number,
  log: (line: string) => void
): Promise<SectionResult & { fresh: OpenFigures }> {
  log(`workspace: first open of ${data.counts.events} events from NDJSON`)
  const fresh = await openInChild(data.folder, 'fresh')
  const cached: OpenFigures[] = []
  for (let i = 0; i < Math.max(3, Math.min(runs, 5)); i++)
    cached.push(await openInChild(data.folder, 'cached'))
  const cachedOpen = round(median(cached.map((c) => c.openMs)))
  const cachedHeap = Math.max(...cached.map((c) => c.heapUsedMb))
  const figures: Figure[] = [
    info(
      SECTION,
      'first open from NDJSON (read + index)',
      fresh.origin?.openMs ? round(fresh.origin.openMs) : fresh.openMs,
      'ms',
      `+ ${round(fresh.origin?.writeMs ?? 0)} ms writing the ${round((fresh.origin?.cacheBytes ?? 0) / 1e6, 1)} MB cache; heap +${fresh.heapUsedMb} MB, array buffers +${fresh.arrayBuffersMb} MB`
    ),
    atMost(
      SECTION,
      'open from the cache (median)',
      cachedOpen,
      'ms',
      TARGETS.cachedOpenMs,
      `the event columns a funnel reads included; first funnel after it ${round(median(cached.map((c) => c.firstFunnelMs ?? 0)))} ms`
    ),
    atMost(
      SECTION,
      'heap after opening from the cache',
      cachedHeap,
      'MB',
      TARGETS.cachedHeapMb,
      `columns live in array buffers: +${Math.max(...cached.map((c) => c.arrayBuffersMb))} MB; RSS ${Math.max(...cached.map((c) => c.rssMb))} MB`
    )
  ]
  // bin/journey.mjs runs the sources through tsx (about 1 s more per command) when the bundle is
  // older than them: time what a user of a build runs.
  if (!cliBundleIsFresh()) {
    log('workspace: out/main/cli.js is older than the sources; building it (electron-vite build)')
    await run([join('node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'])
    if (!cliBundleIsFresh()) throw new Error('out/main/cli.js is still older than the sources')
  }
  const cli: Record<string, { medianMs: number; samplesMs: number[] }> = {}
  for (const [name, args] of Object.entries(CLI_COMMANDS)) {
    const samples: number[] = []
    for (let i = 0; i < Math.max(1, Math.min(runs, 5)); i++) {
      samples.push(round((await run([join('bin', 'journey.mjs'), ...args(data.folder)])).ms))
    }
    cli[name] = { medianMs: round(median(samples)), samplesMs: samples }
    figures.push(
      atMost(
        SECTION,
        `journey ${name} --data (whole process)`,
        round(median(samples)),
        'ms',
        TARGETS.cliMs
      )
    )
  }
  return { data: { fresh, cached, cli }, figures, fresh }
}

import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { REPO_ROOT } from '../tests/e2e/support/repo-root'
import { parseBenchArgs, type BenchArgs, type Section } from './bench-args'
import { ensureBenchFolder, type BenchFolder } from './bench-data'
import { benchCollector } from './collector-bench'
import { benchBig } from './big-bench'
import { benchCsv } from './csv-bench'
import { benchDuckDb } from './duckdb-bench'
import { benchExtract } from './extract-bench'
import { benchFerretdbLookups } from './ferretdb-lookups-bench'
import { benchFunnelRender } from './funnel-render-bench'
import { info, type Figure, type SectionResult } from './figures'
import { benchLocal } from './local-bench'
import { loadAverage, machineInfo } from './machine-info'
import { benchMapping } from './mapping-bench'
import { benchMingo } from './mingo-bench'
import { benchSoak } from './soak-bench'
import { formatSummary } from './summary-table'
import { round } from './timing'
import { benchWeb } from './web-bench'
import { benchWire } from './wire-bench'
import { benchWorkspace, openInChild, type OpenFigures } from './workspace-bench'

/*
 * `npm run bench`: measures the product's targets on generated data and writes
 * bench/reports/bench-<time>.json and bench/reports/latest.json. A missed target is reported, not
 * fatal (exit 0); a measurement that crashed exits 1.
 */

const started = performance.now()
const log = (line: string): void => {
  process.stderr.write(`[bench ${round((performance.now() - started) / 1000, 1)} s] ${line}\n`)
}

let args: BenchArgs
try {
  args = parseBenchArgs(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
}

const startedAt = new Date()
const machine = machineInfo()
const sections: Partial<Record<Section, Record<string, unknown>>> = {}
const figures: Figure[] = []
const errors: { section: Section; message: string }[] = []

const folders = new Map<number, Promise<BenchFolder>>()
const folder = (events: number): Promise<BenchFolder> => {
  let entry = folders.get(events)
  if (!entry) {
    entry = ensureBenchFolder(args.seed, events, log)
    folders.set(events, entry)
  }
  return entry
}

// A first open of the main folder from NDJSON (its cache removed first), in a child process.
const freshOpen = async (): Promise<OpenFigures> =>
  openInChild((await folder(args.events)).folder, 'fresh')

const runners: Record<Section, () => Promise<SectionResult>> = {
  local: async () => benchLocal(await folder(args.events), args.runs),
  workspace: async () => benchWorkspace(await folder(args.events), args.runs, log),
  duckdb: async () => benchDuckDb(await folder(args.events), args.runs, freshOpen, log),
  extract: async () => benchExtract(await folder(args.wireEvents), log),
  big: async () => benchBig(await folder(args.bigEvents), args.runs, log),
  mingo: async () =>
    benchMingo(await folder(args.events), () => folder(args.mingoFallbackEvents), args, log),
  wire: async () => benchWire(await folder(args.wireEvents), Math.min(args.runs, 5), log),
  web: () => benchWeb(args.webText, log),
  'funnel-render': () => benchFunnelRender(Math.min(args.runs, 7), log),
  csv: async () => benchCsv(await folder(args.events), () => folder(args.csvServerEvents), log),
  collector: () =>
    benchCollector(
      {
        seconds: args.collectorSeconds,
        clients: args.collectorClients,
        batchSize: args.collectorBatch
      },
      log
    ),
  'ferretdb-lookups': async () =>
    benchFerretdbLookups(await folder(args.ferretEvents), Math.min(args.runs, 5), log),
  mapping: () =>
    benchMapping(args.events, args.mappingMingoEvents, args.seed, Math.min(args.runs, 5), log),
  soak: async () =>
    benchSoak(
      await folder(args.soakEvents),
      { minutes: args.soakMinutes, clients: args.soakClients },
      log
    )
}

for (const section of args.sections) {
  log(`section ${section}`)
  const sectionStart = performance.now()
  try {
    const result = await runners[section]()
    sections[section] = { ...result.data, sectionMs: round(performance.now() - sectionStart) }
    figures.push(...result.figures)
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    log(`section ${section} crashed: ${message}`)
    errors.push({ section, message })
    sections[section] = { crashed: message }
    figures.push(info(section, 'measurement crashed', null, '', message.split('\n')[0]))
  }
}

machine.loadAvgAtEnd = loadAverage()
const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  durationS: round((performance.now() - started) / 1000),
  args,
  machine,
  datasets: Object.fromEntries(
    await Promise.all(
      [...folders.entries()].map(async ([events, entry]) => [
        String(events),
        await entry.catch((error: unknown) => ({ failed: String(error) }))
      ])
    )
  ) as Record<string, BenchFolder | { failed: string }>,
  figures,
  sections,
  errors
}

const reports = join(REPO_ROOT, 'bench', 'reports')
await mkdir(reports, { recursive: true })
const text = `${JSON.stringify(report, null, 2)}\n`
const file = join(reports, `bench-${startedAt.toISOString().replace(/:/g, '-')}.json`)
await writeFile(file, text)
await writeFile(join(reports, 'latest.json'), text)

process.stdout.write(`\n${formatSummary(figures, machine)}\n\nReport: ${file}\n`)
// Child processes and sockets are closed by now; exit without waiting on stray timers.
process.exit(errors.length > 0 ? 1 : 0)

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_SHAPE_SPECS, type DemoShape } from '../src/main/data/demo/shapes/demo-shape'
import { openLocalEngine } from '../src/main/engine/local/local-engine'
import { PipelineEngine } from '../src/main/engine/mongo/pipeline-engine'
import { normaliseFolder } from '../src/main/mapping/normalise/normalise-folder'
import { EVENT_TYPES } from '../src/shared/journeys/documents'
import type { FunnelMode } from '../src/shared/journeys/query-schemas'
import { SEED_MAPPING, type FieldMapping } from '../src/shared/mapping/field-mapping'
import { readFolderCollections } from '../tests/helpers/read-folder-collections'
import { mingoDb } from '../tests/unit/mongo-engines/mingo-db'
import type { Collections } from '../tests/unit/pipelines/mingo-runner'
import { benchContext } from './bench-context'
import { ensureBenchFolder } from './bench-data'
import { atMost, info, type Figure, type SectionResult } from './figures'
import { flowQuery, funnelQuery, overviewQuery } from './bench-queries'
import { round, timeOnce, timePairedRuns, type RunStats } from './timing'

const SECTION = 'mapping'
/** The limit: the seed's shape as the default mapping may not slow queries by over 10%. */
const MAX_RATIO = 1.1
const SHAPE: DemoShape = 'posthog'

type Engine = Pick<PipelineEngine, 'funnel' | 'flows' | 'overview'>

/** The bench queries in a shape's own event names (the seed's page view and purchase stay). */
function queriesFor(shape: DemoShape): Record<string, (engine: Engine) => Promise<unknown>> {
  const names = DEMO_SHAPE_SPECS[shape].eventNames
  const word = (type: string): string =>
    type === EVENT_TYPES.pageView || type === EVENT_TYPES.purchase ? type : (names[type] ?? type)
  const ctx = benchContext()
  const funnel = (mode: FunnelMode) => {
    const query = funnelQuery(mode)
    return { ...query, steps: query.steps.map((s) => ({ ...s, eventType: word(s.eventType) })) }
  }
  return {
    'funnel ordered (4 steps)': (engine) => engine.funnel(funnel('ordered'), ctx),
    'funnel any (4 steps)': (engine) => engine.funnel(funnel('any'), ctx),
    'flows from / (depth 5)': (engine) => engine.flows(flowQuery(), ctx),
    overview: (engine) => engine.overview(overviewQuery(), ctx)
  }
}

/**
 * An answer as text without its plan and without funnel step labels (a shape's labels are its own
 * event names, `add_to_cart` for `ADD_TO_CART`), so two shapes' answers compare.
 */
function answerText(value: unknown): string {
  const { plan: _plan, ...rest } = value as { plan?: unknown }
  return JSON.stringify(rest, (key, v: unknown) => (key === 'label' ? undefined : v))
}

function firstDifference(a: string, b: string): string | null {
  if (a === b) return null
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return `…${a.slice(Math.max(0, i - 80), i + 40)} vs …${b.slice(Math.max(0, i - 80), i + 40)}`
}

interface Compared {
  /** Where the answers first differ (null when they are the same). */
  firstDifference: string | null
  seed: RunStats
  other: RunStats
  ratio: number
  sameAnswer: boolean
}

/** Each query timed on two engines in turns (timePairedRuns), with the ratio of their medians. */
async function compare(
  runs: number,
  seed: { engine: Engine; shape: DemoShape },
  other: { engine: Engine; shape: DemoShape }
): Promise<Record<string, Compared>> {
  const seedQueries = queriesFor(seed.shape)
  const otherQueries = queriesFor(other.shape)
  const out: Record<string, Compared> = {}
  for (const [name, run] of Object.entries(seedQueries)) {
    const otherRun = otherQueries[name] as (engine: Engine) => Promise<unknown>
    const { first: a, second: b } = await timePairedRuns(
      runs,
      () => run(seed.engine),
      () => otherRun(other.engine)
    )
    out[name] = {
      seed: a.stats,
      other: b.stats,
      ratio: round(b.stats.medianMs / Math.max(a.stats.medianMs, 0.01), 2),
      sameAnswer: answerText(a.value) === answerText(b.value),
      firstDifference: firstDifference(answerText(a.value), answerText(b.value))
    }
  }
  return out
}

/**
 * The field mapping's cost (issue 10: the seed's shape is the default mapping and may not slow
 * the benchmark by more than 10%):
 * - local engine: the seed folder against the PostHog-shaped folder of the same visits, read
 *   through its mapping (copied once into the seed's shape; the copy is timed);
 * - pipelines in mingo (a smaller data set): the seed schema's pipelines against the same with
 *   the seed mapping (the engine reads it as the seed schema: the same pipelines, so this pair
 *   shows the bench's own noise) and against the PostHog shape through its mapping (the
 *   normalising prefix in front of every aggregation).
 * Every pair must give the same answer.
 */
export async function benchMapping(
  events: number,
  mingoEvents: number,
  seedNumber: number,
  runs: number,
  log: (line: string) => void
): Promise<SectionResult> {
  const figures: Figure[] = []
  const mapping: FieldMapping = DEMO_SHAPE_SPECS[SHAPE].mapping
  const seedFolder = await ensureBenchFolder(seedNumber, events, log, 'seed')
  const shapeFolder = await ensureBenchFolder(seedNumber, events, log, SHAPE)
  const copyDir = await mkdtemp(join(tmpdir(), 'jw-bench-mapping-'))
  try {
    log(`copying the ${SHAPE} folder through its mapping`)
    const copy = await timeOnce(() => normaliseFolder(shapeFolder.folder, mapping, copyDir))
    figures.push(
      info(
        SECTION,
        `local: ${SHAPE} copy through the mapping (${events.toLocaleString('en-US')} events)`,
        round(copy.ms),
        'ms',
        'once per folder and mapping'
      )
    )
    const local = await compare(
      runs,
      { engine: await openLocalEngine(seedFolder.folder), shape: 'seed' },
      { engine: await openLocalEngine(copyDir), shape: SHAPE }
    )
    for (const [name, result] of Object.entries(local)) {
      figures.push(
        atMost(
          SECTION,
          `local: ${name}, ${SHAPE} through its mapping / seed`,
          result.ratio,
          '×',
          MAX_RATIO,
          `${result.other.medianMs} ms / ${result.seed.medianMs} ms; same answer: ${String(result.sameAnswer)}`
        )
      )
    }

    log(`mingo pipelines on ${mingoEvents.toLocaleString('en-US')} events`)
    const small = await ensureBenchFolder(seedNumber, mingoEvents, log, 'seed')
    const smallShape = await ensureBenchFolder(seedNumber, mingoEvents, log, SHAPE)
    const seedDb = mingoDb((await readFolderCollections(small.folder)) as unknown as Collections)
    const shapeDb = mingoDb(
      (await readFolderCollections(smallShape.folder)) as unknown as Collections
    )
    const mingoRuns = Math.min(runs, 5)
    const plain = new PipelineEngine(seedDb)
    const defaultMapping = await compare(
      mingoRuns,
      { engine: plain, shape: 'seed' },
      { engine: new PipelineEngine(seedDb, { mapping: SEED_MAPPING }), shape: 'seed' }
    )
    const mapped = await compare(
      mingoRuns,
      { engine: plain, shape: 'seed' },
      { engine: new PipelineEngine(shapeDb, { mapping }), shape: SHAPE }
    )
    for (const [name, result] of Object.entries(defaultMapping)) {
      figures.push(
        atMost(
          SECTION,
          `mingo pipelines: ${name}, seed mapping / seed schema`,
          result.ratio,
          '×',
          MAX_RATIO,
          `${result.other.medianMs} ms / ${result.seed.medianMs} ms; same answer: ${String(result.sameAnswer)}`
        )
      )
    }
    for (const [name, result] of Object.entries(mapped)) {
      figures.push(
        info(
          SECTION,
          `mingo pipelines: ${name}, ${SHAPE} through its mapping / seed`,
          result.ratio,
          '×',
          `${result.other.medianMs} ms / ${result.seed.medianMs} ms (the normalising prefix reads every event); same answer: ${String(result.sameAnswer)}`
        )
      )
    }
    const groups = { local, 'mingo seed mapping': defaultMapping, 'mingo mapped': mapped }
    const answersDiffer = Object.entries(groups).flatMap(([group, results]) =>
      Object.entries(results)
        .filter(([, result]) => !result.sameAnswer)
        .map(([name, result]) => `${group} ${name}: ${result.firstDifference ?? ''}`)
    )
    if (answersDiffer.length > 0) {
      throw new Error(`mapped answers differ from the seed's: ${answersDiffer.join('; ')}`)
    }
    return {
      data: {
        shape: SHAPE,
        events,
        mingoEvents,
        runs,
        mingoRuns,
        copyMs: round(copy.ms),
        local,
        mingoDefaultMapping: defaultMapping,
        mingoMapped: mapped
      },
      figures
    }
  } finally {
    await rm(copyDir, { recursive: true, force: true })
  }
}

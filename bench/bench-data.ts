import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateDemoFolder } from '../src/main/data/demo/generate-demo-folder'
import type { DemoShape } from '../src/main/data/demo/shapes/demo-shape'
import { cacheDir } from '../tests/helpers/test-server/ferretdb-binary'
import { timeOnce, round } from './timing'

/** A generated data set on disk, as the benchmark uses it. */
export interface BenchFolder {
  folder: string
  seed: number
  /** Events asked for; the generator stops after the user who reaches it. */
  requestedEvents: number
  counts: { users: number; sessions: number; events: number }
  /** Null when the folder came from the cache. */
  generatedInMs: number | null
}

const MANIFEST = 'bench-data.json'

/**
 * The generated folder for (seed, events) in the cache outside the repository
 * (`~/.cache/journey-workbench/bench-data/<seed>-<events>`, or under $JOURNEY_CACHE_DIR), made once:
 * it is written to a side folder and renamed, so a half-written folder is never reused.
 */
export async function ensureBenchFolder(
  seed: number,
  events: number,
  log: (line: string) => void,
  shape?: DemoShape
): Promise<BenchFolder> {
  const root = join(cacheDir(), 'bench-data')
  // A named shape writes the same visits in its own collections and fields (`--shape`); shapes
  // that are compared are asked for by name, so they come from the same generator version.
  const folder = join(
    root,
    shape === undefined ? `${seed}-${events}` : `${seed}-${events}-${shape}`
  )
  const manifest = join(folder, MANIFEST)
  if (existsSync(manifest)) {
    const saved = JSON.parse(await readFile(manifest, 'utf8')) as Pick<BenchFolder, 'counts'>
    return { folder, seed, requestedEvents: events, counts: saved.counts, generatedInMs: null }
  }
  await mkdir(root, { recursive: true })
  const staging = `${folder}.partial-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  log(`generating ${events.toLocaleString('en-US')} events (seed ${seed}) into ${folder}`)
  try {
    const run = await timeOnce(() =>
      generateDemoFolder({ seed, events, outDir: staging, ...(shape ? { shape } : {}) })
    )
    const counts = run.value.counts
    await writeFile(
      join(staging, MANIFEST),
      `${JSON.stringify({ seed, events, counts, generatedInMs: round(run.ms) }, null, 2)}\n`
    )
    await rm(folder, { recursive: true, force: true })
    await rename(staging, folder)
    return { folder, seed, requestedEvents: events, counts, generatedInMs: round(run.ms) }
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw error
  }
}

import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { CollectionName } from '../ndjson/collection-files'
import { openNdjsonWriter, type NdjsonWriter } from '../ndjson/ndjson-writer'
import { generateDemoData, type DemoDataOptions } from './generate-demo-data'
import { DEMO_SHAPE_SPECS, type DemoShape } from './shapes/demo-shape'

export interface DemoFolderOptions extends DemoDataOptions {
  outDir: string
  /** Write `.ndjson.gz` instead of `.ndjson`. */
  gzip?: boolean
  /** zlib level when gzipping (default 6; the bundled demo uses 9). */
  gzipLevel?: number
  signal?: AbortSignal
  onProgress?: (progress: DemoFolderProgress) => void
  /** The shape the documents are written in (default `seed`); the simulated visits are the same. */
  shape?: DemoShape
}

export interface DemoFolderProgress {
  users: number
  sessions: number
  events: number
  /** 0..1 against the requested users or events, whichever is nearer to done. */
  fraction: number
}

export interface DemoFolderResult {
  /** Simulated users, sessions and events (whatever the shape's collections are). */
  counts: Record<CollectionName, number>
  /** The file written for each of the shape's collections. */
  files: Record<string, string>
}

const PROGRESS_EVERY_USERS = 500

/**
 * Writes a simulated shop into `outDir` as one NDJSON file per collection of the shape (`users`,
 * `sessions` and `events` for the seed shape) in one streaming pass. Each file appears under its real
 * name only when complete; on failure or cancel the partial files are removed.
 */
export async function generateDemoFolder(options: DemoFolderOptions): Promise<DemoFolderResult> {
  const { outDir, gzip = false, signal, onProgress } = options
  await mkdir(outDir, { recursive: true })
  const writerOptions = { gzip, gzipLevel: options.gzipLevel, signal }
  const shape = DEMO_SHAPE_SPECS[options.shape ?? 'seed']
  const writers = new Map<string, NdjsonWriter>(
    shape.collections.map((name) => [
      name,
      openNdjsonWriter(join(outDir, `${name}.ndjson${gzip ? '.gz' : ''}`), writerOptions)
    ])
  )
  const counts = { users: 0, sessions: 0, events: 0 }
  const report = (): void =>
    onProgress?.({ ...counts, fraction: progressFraction(counts, options) })

  try {
    for (const bundle of generateDemoData(options)) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'Generating demo data was cancelled.')
      const documents = shape.toDocuments(bundle)
      for (const [name, writer] of writers) await writer.writeMany(documents[name] ?? [])
      counts.users++
      counts.sessions += bundle.sessions.length
      counts.events += bundle.events.length
      if (counts.users % PROGRESS_EVERY_USERS === 0) report()
    }
    const files: Record<string, string> = {}
    for (const [name, writer] of writers) files[name] = (await writer.close()).path
    report()
    return { counts, files }
  } catch (error) {
    await Promise.all([...writers.values()].map((writer) => writer.abort()))
    throw error
  }
}

function progressFraction(
  done: { users: number; events: number },
  wanted: { users?: number; events?: number }
): number {
  const byUsers = wanted.users ? done.users / wanted.users : 0
  const byEvents = wanted.events ? done.events / wanted.events : 0
  return Math.min(1, Math.max(byUsers, byEvents))
}

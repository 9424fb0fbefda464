import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'
import {
  COLLECTION_NAMES,
  collectionFileName,
  type CollectionName
} from '../ndjson/collection-files'
import { generateDemoData, type DemoDataOptions } from './generate-demo-data'
import { openNdjsonWriter, type NdjsonWriter } from '../ndjson/ndjson-writer'

export interface DemoFolderOptions extends DemoDataOptions {
  outDir: string
  /** Write `.ndjson.gz` instead of `.ndjson`. */
  gzip?: boolean
  /** zlib level when gzipping (default 6; the bundled demo uses 9). */
  gzipLevel?: number
  signal?: AbortSignal
  onProgress?: (progress: DemoFolderProgress) => void
}

export interface DemoFolderProgress {
  users: number
  sessions: number
  events: number
  /** 0..1 against the requested users or events, whichever is nearer to done. */
  fraction: number
}

export interface DemoFolderResult {
  counts: Record<CollectionName, number>
  files: Record<CollectionName, string>
}

const PROGRESS_EVERY_USERS = 500

/**
 * Writes `users`, `sessions` and `events` NDJSON files of a simulated shop into `outDir` in one
 * streaming pass. Each file appears under its real name only when complete; on failure or cancel
 * the partial files are removed.
 */
export async function generateDemoFolder(options: DemoFolderOptions): Promise<DemoFolderResult> {
  const { outDir, gzip = false, signal, onProgress } = options
  await mkdir(outDir, { recursive: true })
  const writerOptions = { gzip, gzipLevel: options.gzipLevel, signal }
  const writers = Object.fromEntries(
    COLLECTION_NAMES.map((name) => [
      name,
      openNdjsonWriter(join(outDir, collectionFileName(name, gzip)), writerOptions)
    ])
  ) as Record<CollectionName, NdjsonWriter>
  const counts = { users: 0, sessions: 0, events: 0 }
  const report = (): void =>
    onProgress?.({ ...counts, fraction: progressFraction(counts, options) })

  try {
    for (const bundle of generateDemoData(options)) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'Generating demo data was cancelled.')
      await writers.users.write(bundle.user)
      await writers.sessions.writeMany(bundle.sessions)
      await writers.events.writeMany(bundle.events)
      counts.users++
      counts.sessions += bundle.sessions.length
      counts.events += bundle.events.length
      if (counts.users % PROGRESS_EVERY_USERS === 0) report()
    }
    const results = await Promise.all(COLLECTION_NAMES.map((name) => writers[name].close()))
    report()
    const files = Object.fromEntries(
      COLLECTION_NAMES.map((name, index) => [name, results[index]?.path ?? ''])
    ) as Record<CollectionName, string>
    return { counts, files }
  } catch (error) {
    await Promise.all(COLLECTION_NAMES.map((name) => writers[name].abort()))
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

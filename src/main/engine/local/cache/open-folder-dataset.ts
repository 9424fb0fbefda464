import { mkdir, rm, stat } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { CallContext } from '../../../../shared/rpc/contract'
import type { CollectionName } from '../../../data/ndjson/collection-files'
import { ColumnarDataset } from '../columnar-dataset'
import { loadNdjsonFolder } from '../load-ndjson-folder'
import type { SourceFileStamp } from './cache-format'
import { besideCachePath, userCachePath } from './cache-location'
import { CacheUnusable, FileColumns } from './file-columns'
import { writeDatasetCache } from './write-dataset-cache'

/** How a folder's data set was opened, for notes, the workspaces list and the benchmark. */
export interface DatasetOrigin {
  kind: 'cache' | 'built'
  /** The cache file read or written (null when none could be written). */
  cachePath: string | null
  /** True when the cache lives in the user's cache folder because the folder is read-only. */
  cacheElsewhere: boolean
  /** Milliseconds to open the cache, or to read the NDJSON and index it. */
  openMs: number
  /** Milliseconds to write the cache after a build. */
  writeMs: number
  cacheBytes: number
}

export interface OpenFolderOptions {
  /** What besides the files changes the columns (a field mapping); part of the cache's identity. */
  columnsKey?: string
  /** Ignore any cache (it was found damaged): read the NDJSON and write a new one. */
  rebuildReason?: string
}

export const DEFAULT_COLUMNS_KEY = 'seed-schema'

/**
 * The data set of an NDJSON folder: from its workspace cache when one matches the files (size and
 * modification time) and this app's format, else read from the NDJSON and cached for next time,
 * beside the files or, where the folder cannot be written, in the user's cache folder. Every
 * decision that a user should know about is a note of the data set.
 */
export async function openFolderDataset(
  folder: string,
  files: Record<CollectionName, string>,
  context?: Partial<CallContext>,
  options: OpenFolderOptions = {}
): Promise<ColumnarDataset> {
  const columnsKey = options.columnsKey ?? DEFAULT_COLUMNS_KEY
  const stamps = await fileStamps(files)
  const notes: string[] = []
  const candidates = [besideCachePath(folder), userCachePath(folder)]
  if (options.rebuildReason) {
    notes.push(`Rebuilt the workspace cache: ${options.rebuildReason}.`)
  } else {
    for (const path of candidates) {
      const started = performance.now()
      let columns: FileColumns
      try {
        columns = FileColumns.open(path)
      } catch (error) {
        if (error instanceof CacheUnusable)
          notes.push(`Rebuilt the workspace cache: ${path} ${error.reason}.`)
        else if ((error as { code?: unknown }).code !== 'ENOENT') {
          notes.push(`Rebuilt the workspace cache: ${path} could not be read (${String(error)}).`)
        }
        continue
      }
      const stale = staleness(columns, stamps, columnsKey)
      if (stale) {
        columns.close()
        notes.push(`Rebuilt the workspace cache: ${stale}.`)
        continue
      }
      const elsewhere = path !== candidates[0]
      const origin: DatasetOrigin = {
        kind: 'cache',
        cachePath: path,
        cacheElsewhere: elsewhere,
        openMs: performance.now() - started,
        writeMs: 0,
        cacheBytes: columns.header.fileSize
      }
      const note = `Read from the workspace cache ${path}${
        elsewhere ? ' (kept in the user cache folder: the data folder cannot be written)' : ''
      }, built ${columns.header.createdAt}.`
      return new ColumnarDataset(folder, columns, [note], origin)
    }
  }

  const started = performance.now()
  const built = await loadNdjsonFolder(files, context)
  const openMs = performance.now() - started
  context?.reportProgress?.({ phase: 'Writing the workspace cache', done: 0 })
  const identity = {
    folder,
    files: stamps,
    columnsKey,
    counts: {
      users: built.uint32('users.ids.offsets').length - 1,
      sessions: built.uint32('sessions.ids.offsets').length - 1,
      events: built.float64('eventTime').length
    }
  }
  const writeStarted = performance.now()
  let cachePath: string | null = null
  let cacheBytes = 0
  let elsewhere = false
  const failures: string[] = []
  for (const path of candidates) {
    try {
      if (path !== candidates[0]) await mkdir(dirname(path), { recursive: true })
      cacheBytes = await writeDatasetCache(path, built, identity)
      cachePath = path
      elsewhere = path !== candidates[0]
      // A stale cache left in the other place would only be read again to be found stale.
      await Promise.all(
        candidates.filter((other) => other !== path).map((other) => rm(other, { force: true }))
      )
      break
    } catch (error) {
      failures.push(`${path}: ${(error as { code?: string }).code ?? String(error)}`)
    }
  }
  if (cachePath && elsewhere) {
    notes.push(
      `${basename(folder)} cannot be written, so its workspace cache is kept in ${cachePath}.`
    )
  } else if (cachePath) {
    notes.push(`Read the NDJSON files and wrote the workspace cache ${cachePath}.`)
  } else {
    notes.push(
      `Could not write a workspace cache (${failures.join('; ')}): the next open reads the NDJSON files again.`
    )
  }
  const origin: DatasetOrigin = {
    kind: 'built',
    cachePath,
    cacheElsewhere: elsewhere,
    openMs,
    writeMs: performance.now() - writeStarted,
    cacheBytes
  }
  return new ColumnarDataset(folder, built, notes, origin)
}

/**
 * Whether a workspace cache matching the files (and this app's format) exists beside the folder or
 * in the user's cache folder: then opening the data set reads the cache, not the NDJSON files.
 */
export async function hasCurrentFolderCache(
  folder: string,
  files: Record<CollectionName, string>,
  columnsKey: string = DEFAULT_COLUMNS_KEY
): Promise<boolean> {
  const stamps = await fileStamps(files)
  for (const path of [besideCachePath(folder), userCachePath(folder)]) {
    let columns: FileColumns
    try {
      columns = FileColumns.open(path)
    } catch {
      continue
    }
    try {
      if (staleness(columns, stamps, columnsKey) === null) return true
    } finally {
      columns.close()
    }
  }
  return false
}

/** Removes the cache files of a folder (both places); the next open rebuilds. */
export async function removeFolderCache(folder: string): Promise<void> {
  await Promise.all(
    [besideCachePath(folder), userCachePath(folder)].map((path) => rm(path, { force: true }))
  )
}

async function fileStamps(files: Record<CollectionName, string>): Promise<SourceFileStamp[]> {
  return Promise.all(
    Object.values(files).map(async (path) => {
      const stats = await stat(path)
      return { name: basename(path), size: stats.size, mtimeMs: stats.mtimeMs }
    })
  )
}

function staleness(
  columns: FileColumns,
  stamps: SourceFileStamp[],
  columnsKey: string
): string | null {
  const header = columns.header
  if (header.columnsKey !== columnsKey) {
    return `${columns.path} was built with another field mapping`
  }
  const changed = stamps.filter((stamp) => {
    const cached = header.files.find((file) => file.name === stamp.name)
    return cached?.size !== stamp.size || cached.mtimeMs !== stamp.mtimeMs
  })
  if (changed.length === 0 && header.files.length === stamps.length) return null
  const names = changed.map((stamp) => stamp.name).join(', ') || 'the file list'
  return `${names} changed since ${columns.path} was built`
}

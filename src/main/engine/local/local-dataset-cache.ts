import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { CallContext, Progress } from '../../../shared/rpc/contract'
import { locateCollectionFiles, type CollectionName } from '../../data/ndjson/collection-files'
import {
  openFolderDataset,
  hasCurrentFolderCache,
  removeFolderCache,
  type OpenFolderOptions
} from './cache/open-folder-dataset'
import type { ColumnarDataset } from './columnar-dataset'

interface CacheEntry {
  /** Paths, sizes and modification times of the three files when they were read. */
  signature: string
  dataset: Promise<ColumnarDataset>
  listeners: Set<(progress: Progress) => void>
  /** Set once the data set is open. */
  open: boolean
}

const cache = new Map<string, CacheEntry>()

/**
 * The data set of an NDJSON folder (`users`, `sessions`, `events` as `.ndjson` or `.ndjson.gz`),
 * opened once per process (from its workspace cache file, or read and cached: see
 * `openFolderDataset`) and opened again when a file changes. Concurrent callers share one open;
 * a caller's signal cancels its wait, not the open the others share.
 */
export async function loadLocalDataset(
  folder: string,
  context?: Partial<CallContext>,
  options: OpenFolderOptions = {}
): Promise<ColumnarDataset> {
  const path = resolve(folder)
  const files = await locateCollectionFiles(path)
  const signature = await filesSignature(files, options.columnsKey)
  let entry = cache.get(path)
  if (entry?.signature !== signature || options.rebuildReason) {
    const listeners = new Set<(progress: Progress) => void>()
    const report = (progress: Progress): void => {
      for (const listener of listeners) listener(progress)
    }
    const dataset = openFolderDataset(path, files, { reportProgress: report }, options)
    const created: CacheEntry = { signature, dataset, listeners, open: false }
    entry = created
    cache.set(path, created)
    dataset.then(
      () => {
        created.open = true
        listeners.clear()
      },
      () => {
        if (cache.get(path) === created) cache.delete(path)
      }
    )
  }
  return waitFor(entry, context)
}

/**
 * Whether `loadLocalDataset(folder)` would answer quickly (the seed schema's columns): the data set
 * is open in this process for the files as they are, or a current workspace cache exists. False
 * while the folder is being read for the first time.
 */
export async function localDatasetOpensQuickly(folder: string): Promise<boolean> {
  const path = resolve(folder)
  const files = await locateCollectionFiles(path)
  const entry = cache.get(path)
  if (entry?.open && entry.signature === (await filesSignature(files))) {
    return true
  }
  return hasCurrentFolderCache(path, files)
}

/**
 * After a query found the cache damaged: removes the cache file and opens the folder again from
 * its NDJSON files (the new data set says so in its notes).
 */
export async function reopenDamagedDataset(
  folder: string,
  reason: string,
  context?: Partial<CallContext>
): Promise<ColumnarDataset> {
  const path = resolve(folder)
  cache.delete(path)
  await removeFolderCache(path)
  return loadLocalDataset(path, context, { rebuildReason: reason })
}

/**
 * Drops a folder's data set from the cache (the next call opens it again). Its cache file is
 * closed once nothing holds the data set any more.
 */
export function forgetLocalDataset(folder: string): void {
  cache.delete(resolve(folder))
}

async function waitFor(
  entry: CacheEntry,
  context?: Partial<CallContext>
): Promise<ColumnarDataset> {
  const signal = context?.signal
  const onProgress = context?.reportProgress
  if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled')
  if (onProgress) entry.listeners.add(onProgress)
  try {
    if (!signal) return await entry.dataset
    return await new Promise<ColumnarDataset>((resolvePromise, reject) => {
      const onAbort = (): void => {
        reject(new AppError('CANCELLED', 'Cancelled'))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      entry.dataset.then(resolvePromise, reject).finally(() => {
        signal.removeEventListener('abort', onAbort)
      })
    })
  } finally {
    if (onProgress) entry.listeners.delete(onProgress)
  }
}

/** The files' paths, sizes and modification times, and what else shapes the columns. */
async function filesSignature(
  files: Record<CollectionName, string>,
  columnsKey = ''
): Promise<string> {
  const paths = Object.values(files)
  const stats = await Promise.all(paths.map((path) => stat(path)))
  const stamps = paths.map((path, i) => `${path}:${stats[i]?.size}:${stats[i]?.mtimeMs}`)
  return `${stamps.join('|')}|${columnsKey}`
}

import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { CallContext, Progress } from '../../../shared/rpc/contract'
import { locateCollectionFiles } from '../../data/ndjson/collection-files'
import { readCollectionFile } from '../../data/ndjson/ndjson-reader'
import { buildLocalDataset, type LocalDataset } from './local-dataset'

interface CacheEntry {
  /** Paths, sizes and modification times of the three files when they were read. */
  signature: string
  dataset: Promise<LocalDataset>
  listeners: Set<(progress: Progress) => void>
}

const cache = new Map<string, CacheEntry>()

/**
 * The data set of an NDJSON folder (`users`, `sessions`, `events` as `.ndjson` or `.ndjson.gz`),
 * loaded once per process and reloaded when a file changes. Concurrent callers share one load;
 * a caller's signal cancels its wait, not the load the others share.
 */
export async function loadLocalDataset(
  folder: string,
  context?: Partial<CallContext>
): Promise<LocalDataset> {
  const path = resolve(folder)
  const files = await locateCollectionFiles(path)
  const signature = await filesSignature(Object.values(files))
  let entry = cache.get(path)
  if (entry?.signature !== signature) {
    const listeners = new Set<(progress: Progress) => void>()
    const report = (progress: Progress): void => {
      for (const listener of listeners) listener(progress)
    }
    const dataset = buildLocalDataset(
      path,
      {
        users: readCollectionFile(files.users, 'users'),
        sessions: readCollectionFile(files.sessions, 'sessions'),
        events: readCollectionFile(files.events, 'events')
      },
      { reportProgress: report }
    )
    const created: CacheEntry = { signature, dataset, listeners }
    entry = created
    cache.set(path, created)
    dataset.then(
      () => {
        listeners.clear()
      },
      () => {
        if (cache.get(path) === created) cache.delete(path)
      }
    )
  }
  return waitFor(entry, context)
}

/** Drops a folder's data set from the cache (the next call reads the files again). */
export function forgetLocalDataset(folder: string): void {
  cache.delete(resolve(folder))
}

async function waitFor(entry: CacheEntry, context?: Partial<CallContext>): Promise<LocalDataset> {
  const signal = context?.signal
  const onProgress = context?.reportProgress
  if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled')
  if (onProgress) entry.listeners.add(onProgress)
  try {
    if (!signal) return await entry.dataset
    return await new Promise<LocalDataset>((resolvePromise, reject) => {
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

async function filesSignature(paths: string[]): Promise<string> {
  const stats = await Promise.all(paths.map((path) => stat(path)))
  return paths.map((path, i) => `${path}:${stats[i]?.size}:${stats[i]?.mtimeMs}`).join('|')
}

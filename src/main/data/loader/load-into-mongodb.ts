import { stat } from 'node:fs/promises'
import type { Db } from 'mongodb'
import { AppError } from '../../../shared/errors'
import {
  COLLECTION_NAMES,
  locateCollectionFiles,
  type CollectionName
} from '../ndjson/collection-files'
import { createRecommendedIndexes, type IndexCreation } from './create-recommended-indexes'
import { insertCollectionFile } from './insert-collection-file'

export interface LoadFolderOptions {
  /** A folder with users, sessions and events as `.ndjson` or `.ndjson.gz`. */
  folder: string
  db: Db
  /** Drop the three collections first. Without it, loading into a non-empty one is refused. */
  drop?: boolean
  signal?: AbortSignal
  onProgress?: (progress: LoadProgress) => void
  /** Documents per insertMany (default 5,000). */
  batchSize?: number
}

export interface LoadProgress {
  phase: CollectionName | 'indexes'
  /** Documents inserted so far in this phase's collection. */
  inserted: number
  /** Bytes of all three files read so far, against `bytesTotal` (compressed bytes for `.gz`). */
  bytesRead: number
  bytesTotal: number
  /** 0..1 over the whole load, by bytes read. */
  fraction: number
}

export interface LoadFolderResult {
  inserted: Record<CollectionName, number>
  indexes: IndexCreation[]
}

/**
 * Loads a folder of NDJSON files into `db` (unordered bulk inserts in batches), then creates the
 * recommended indexes. Refuses a non-empty target unless `drop`; a duplicate `_id` in the data fails
 * with DATA_INVALID naming the file and lines. All or nothing: a failure or a cancel part way
 * removes what was inserted.
 */
export async function loadFolderIntoMongo(options: LoadFolderOptions): Promise<LoadFolderResult> {
  const { folder, db, drop = false, signal, onProgress } = options
  const files = await locateCollectionFiles(folder)
  const sizes = await Promise.all(
    COLLECTION_NAMES.map(async (name) => (await stat(files[name])).size)
  )
  const bytesTotal = sizes.reduce((sum, size) => sum + size, 0)
  throwIfAborted(signal)

  if (drop) {
    for (const name of COLLECTION_NAMES) await db.collection(name).drop()
  } else {
    await refuseNonEmpty(db)
  }

  const inserted = { users: 0, sessions: 0, events: 0 }
  try {
    await insertAll()
  } catch (error) {
    // All or nothing: the collections were empty before, so dropping them undoes the partial load.
    await Promise.allSettled(COLLECTION_NAMES.map((name) => db.collection(name).drop()))
    if (error instanceof AppError) {
      throw new AppError(
        error.code,
        `${error.message} Nothing was kept: the partly loaded collections were removed.`,
        error.details
      )
    }
    throw error
  }

  throwIfAborted(signal)
  onProgress?.({ phase: 'indexes', inserted: 0, bytesRead: bytesTotal, bytesTotal, fraction: 1 })
  const indexes = await createRecommendedIndexes(db)
  return { inserted, indexes }

  async function insertAll(): Promise<void> {
    let bytesBefore = 0
    for (const [index, name] of COLLECTION_NAMES.entries()) {
      inserted[name] = await insertCollectionFile({
        db,
        collection: name,
        file: files[name],
        batchSize: options.batchSize ?? 5000,
        signal,
        onBatch: (count, bytesRead) => {
          const done = bytesBefore + bytesRead
          onProgress?.({
            phase: name,
            inserted: count,
            bytesRead: done,
            bytesTotal,
            fraction: bytesTotal > 0 ? Math.min(1, done / bytesTotal) : 1
          })
        }
      })
      bytesBefore += sizes[index] ?? 0
    }
  }
}

async function refuseNonEmpty(db: Db): Promise<void> {
  const occupied: string[] = []
  for (const name of COLLECTION_NAMES) {
    const any = await db.collection(name).findOne({}, { projection: { _id: 1 } })
    if (any) occupied.push(name)
  }
  if (occupied.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `Database "${db.databaseName}" already has documents in ${occupied.join(', ')}. Loading again ` +
        'would clash on _id: choose to replace (drop) them, or load into an empty database.',
      { database: db.databaseName, occupied }
    )
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Loading was cancelled.')
}

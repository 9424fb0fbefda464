import type { Db, Document, WriteError } from 'mongodb'
import { AppError } from '../../../shared/errors'
import { mongoDriver } from '../../mongo-client/mongo-driver'
import type { CollectionName } from '../ndjson/collection-files'
import { readCollectionFile } from '../ndjson/ndjson-reader'

export interface InsertFileOptions {
  db: Db
  collection: CollectionName
  file: string
  batchSize: number
  signal?: AbortSignal
  /** After each batch: documents inserted so far, bytes of the file read so far. */
  onBatch?: (inserted: number, bytesRead: number) => void
}

interface Batch {
  documents: Document[]
  lines: number[]
  bytesRead: number
}

const DUPLICATE_KEY = 11000

/**
 * Streams one file into one collection with unordered `insertMany` batches, reading the next batch
 * while the previous one is being inserted. Returns the number of documents inserted.
 */
export async function insertCollectionFile(options: InsertFileOptions): Promise<number> {
  const { db, collection, file, batchSize, signal } = options
  const target = db.collection(collection)
  let inserted = 0
  let inFlight: Promise<void> | undefined

  const send = (batch: Batch): Promise<void> => {
    const sending = target
      .insertMany(batch.documents, { ordered: false })
      .then((result) => {
        inserted += result.insertedCount
        options.onBatch?.(inserted, batch.bytesRead)
      })
      .catch((error: unknown) => {
        throw describeInsertError(error, collection, file, batch)
      })
    sending.catch(() => undefined) // observed when awaited; never an unhandled rejection meanwhile
    return sending
  }

  let batch: Batch = { documents: [], lines: [], bytesRead: 0 }
  try {
    for await (const record of readCollectionFile(file, collection, { signal })) {
      batch.documents.push(record.document)
      batch.lines.push(record.line)
      batch.bytesRead = record.bytesRead
      if (batch.documents.length >= batchSize) {
        await inFlight
        if (signal?.aborted) throw new AppError('CANCELLED', 'Loading was cancelled.')
        inFlight = send(batch)
        batch = { documents: [], lines: [], bytesRead: 0 }
      }
    }
    await inFlight
    if (batch.documents.length > 0) await send(batch)
  } catch (error) {
    await inFlight?.catch(() => undefined)
    throw error
  }
  return inserted
}

function describeInsertError(
  error: unknown,
  collection: string,
  file: string,
  batch: Batch
): unknown {
  if (!(error instanceof mongoDriver().MongoBulkWriteError)) return error
  const writeErrors = ([] as WriteError[]).concat(error.writeErrors)
  const located = writeErrors.map((writeError) => ({
    line: batch.lines[writeError.index],
    code: writeError.code,
    message: writeError.errmsg ?? ''
  }))
  const first = located.slice(0, 5)
  const where = first.map((entry) => `line ${entry.line}`).join(', ')
  const more = located.length > first.length ? ` and ${located.length - first.length} more` : ''
  if (located.every((entry) => entry.code === DUPLICATE_KEY)) {
    return new AppError(
      'DATA_INVALID',
      `${file}: ${located.length} document(s) have an _id that is already in "${collection}" ` +
        `(${where}${more}). Was this folder loaded before, or does the file repeat an _id?`,
      { file, collection, errors: located.slice(0, 100) }
    )
  }
  return new AppError(
    'QUERY_FAILED',
    `${file}: the server refused ${located.length} document(s) for "${collection}" (${where}${more}): ` +
      (first[0]?.message ?? error.message),
    { file, collection, errors: located.slice(0, 100) }
  )
}

import type { Db } from 'mongodb'
import { AppError } from '../../../shared/errors'
import { readNdjsonFile } from '../../data/ndjson/ndjson-reader'
import { listFolderCollections } from '../sample-folder'

/** Where the doctor reads every document of a collection from: a folder's files or a database. */
export interface DocumentSource {
  /** The collections there are; a mapped one that is missing is named before anything is read. */
  collections(): Promise<string[]>
  /** How many documents a collection holds (an estimate is fine: it is for progress). */
  estimate(collection: string): Promise<number | undefined>
  documents(collection: string, signal: AbortSignal): AsyncIterable<unknown>
}

/** The `NAME.ndjson` (or `.ndjson.gz`) files of a folder, as collections. */
export function folderDocumentSource(folder: string): DocumentSource {
  const files = listFolderCollections(folder)
  return {
    collections: async () => [...(await files).keys()],
    estimate: () => Promise.resolve(undefined),
    async *documents(collection, signal) {
      const path = (await files).get(collection)
      if (!path) throw new AppError('NOT_FOUND', `${folder} has no ${collection}.ndjson.`)
      for await (const record of readNdjsonFile(path, { signal })) yield record.document
    }
  }
}

/** The collections of a database, read whole with a cursor the signal closes. */
export function databaseDocumentSource(db: Db): DocumentSource {
  return {
    async collections() {
      const found = await db.listCollections({}, { nameOnly: true }).toArray()
      return found.map((collection) => collection.name)
    },
    async estimate(collection) {
      try {
        return await db.collection(collection).estimatedDocumentCount()
      } catch {
        // Some servers cannot estimate; progress then counts without a total.
        return undefined
      }
    },
    async *documents(collection, signal) {
      const cursor = db.collection(collection).find({}, { batchSize: 5000 })
      try {
        for await (const document of cursor) {
          if (signal.aborted) break
          yield document
        }
      } finally {
        await cursor.close()
      }
    }
  }
}

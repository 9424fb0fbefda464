import type { Db, Document } from 'mongodb'
import { idKey } from '../engine/rules/id-key'

/** How to read documents by id: `$in` batches (MongoDB uses its `_id` index) or one full scan. */
export type LookupStrategy = 'in' | 'scan'

const IN_BATCH = 1000

/**
 * The documents of `collection` whose `_id` is in `ids` (keys: see `idKey`), in `_id` order within
 * each batch. Servers that filter `$in` in their own code after reading everything (FerretDB) are
 * read once whole instead, keeping what is asked for.
 */
export async function* fetchByIds(
  db: Db,
  collection: string,
  ids: ReadonlyMap<string, unknown>,
  strategy: LookupStrategy,
  options: { signal?: AbortSignal } = {}
): AsyncGenerator<Document> {
  if (ids.size === 0) return
  const target = db.collection(collection)
  if (strategy === 'scan') {
    const cursor = target.find({}, { batchSize: 5000 }).sort({ _id: 1 })
    try {
      for await (const document of cursor) {
        if (options.signal?.aborted) return
        if (ids.has(idKey(document._id))) yield document
      }
    } finally {
      await cursor.close()
    }
    return
  }
  const values = [...ids.values()]
  for (let start = 0; start < values.length; start += IN_BATCH) {
    if (options.signal?.aborted) return
    const batch = values.slice(start, start + IN_BATCH) as Document['_id'][]
    const cursor = target.find({ _id: { $in: batch } }, { batchSize: IN_BATCH }).sort({ _id: 1 })
    try {
      for await (const document of cursor) yield document
    } finally {
      await cursor.close()
    }
  }
}

import type { Db, Document } from 'mongodb'
import { idKey } from '../engine/rules/id-key'

/**
 * How a server reads documents by id: `in` batches (MongoDB uses its `_id` index for `$in`), or
 * (FerretDB-class servers, which filter `$in` after reading every document but push an `_id`
 * equality down to their backend) one full scan, or one equality find per id when there are few.
 */
export type LookupStrategy = 'in' | 'scan'

const IN_BATCH = 1000
/** Below this many ids (and a tenth of the collection), equality finds beat a scan on FerretDB. */
const EACH_MAX_IDS = 2000
const EACH_CONCURRENCY = 8

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
  if (strategy === 'scan' && ids.size <= EACH_MAX_IDS) {
    const estimated = await target.estimatedDocumentCount()
    if (ids.size * 10 <= estimated) {
      yield* eachById(target, [...ids.values()], options.signal)
      return
    }
  }
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

/** One `_id` equality find per id, a few at a time; in the order of `ids`. */
async function* eachById(
  target: ReturnType<Db['collection']>,
  ids: unknown[],
  signal: AbortSignal | undefined
): AsyncGenerator<Document> {
  for (let start = 0; start < ids.length; start += EACH_CONCURRENCY) {
    if (signal?.aborted) return
    const found = await Promise.all(
      ids
        .slice(start, start + EACH_CONCURRENCY)
        .map((id) => target.findOne({ _id: id } as Document))
    )
    for (const document of found) if (document) yield document
  }
}

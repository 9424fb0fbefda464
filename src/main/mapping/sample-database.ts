import type { Db } from 'mongodb'
import { fieldPathExpression } from '../engine/pipelines/field-path-expression'
import { profileDocuments, type CollectionProfile } from './field-profile'
import type { SampledSource } from './propose-mapping'
import { countValues } from './sample-folder'

/** Documents sampled per collection. */
export const DATABASE_SAMPLE_SIZE = 1000
const SAMPLE_TIME_LIMIT_MS = 20_000
/** Event names counted over the whole collection, at most this many. */
const MAX_EVENT_NAMES = 500

/**
 * Samples a database for a mapping proposal: `$sample` of each collection (the first documents
 * where the server lacks `$sample`), profiled with mongodb-schema; event names are counted over the
 * whole collection with `$group` where the server can, else over the sample.
 */
export async function sampleDatabase(db: Db, signal?: AbortSignal): Promise<SampledSource> {
  const infos = await db.listCollections({}, { nameOnly: true }).toArray()
  const names = infos
    .map((info) => info.name)
    .filter((name) => !name.startsWith('system.'))
    .sort()
  const samples = new Map<string, Record<string, unknown>[]>()
  const collections: CollectionProfile[] = []
  for (const name of names) {
    if (signal?.aborted) break
    const collection = db.collection(name)
    const documents = await collection.estimatedDocumentCount({ maxTimeMS: SAMPLE_TIME_LIMIT_MS })
    const { sampled, sampling } = await sampleCollection(db, name, signal)
    samples.set(name, sampled)
    collections.push({
      name,
      documents,
      sampled: sampled.length,
      sampling,
      fields: await profileDocuments(sampled, signal)
    })
  }
  return {
    collections,
    eventNames: async (collection, path) => {
      try {
        const rows = await db
          .collection(collection)
          .aggregate<{ _id: unknown; events: number }>(
            [
              { $group: { _id: fieldPathExpression(path), events: { $sum: 1 } } },
              { $sort: { events: -1, _id: 1 } },
              { $limit: MAX_EVENT_NAMES }
            ],
            { maxTimeMS: SAMPLE_TIME_LIMIT_MS, allowDiskUse: true, ...(signal ? { signal } : {}) }
          )
          .toArray()
        return rows
          .filter((row): row is { _id: string; events: number } => typeof row._id === 'string')
          .map((row) => ({ name: row._id, events: row.events }))
      } catch {
        return countValues(samples.get(collection) ?? [], path)
      }
    }
  }
}

async function sampleCollection(
  db: Db,
  name: string,
  signal: AbortSignal | undefined
): Promise<{ sampled: Record<string, unknown>[]; sampling: 'sample' | 'first-documents' }> {
  const options = { maxTimeMS: SAMPLE_TIME_LIMIT_MS, ...(signal ? { signal } : {}) }
  try {
    const sampled = await db
      .collection(name)
      .aggregate([{ $sample: { size: DATABASE_SAMPLE_SIZE } }], options)
      .toArray()
    return { sampled, sampling: 'sample' }
  } catch {
    const sampled = await db
      .collection(name)
      .find({}, options)
      .limit(DATABASE_SAMPLE_SIZE)
      .toArray()
    return { sampled, sampling: 'first-documents' }
  }
}

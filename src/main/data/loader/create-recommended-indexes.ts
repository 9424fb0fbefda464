import type { Db, IndexOptions } from 'mongodb'
import { RECOMMENDED_INDEXES, type RecommendedIndex } from '../recommended-indexes'

export interface IndexCreation {
  collection: string
  name: string
  created: boolean
  /** Why it was not created, or how it differs from the recommendation. */
  note?: string
}

/**
 * Creates the recommended indexes, one at a time, never failing the whole call: a server that rejects
 * collation (FerretDB 1.x) gets the index without it and a note saying so; other refusals are noted.
 */
export async function createRecommendedIndexes(
  db: Db,
  indexes: readonly RecommendedIndex[] = RECOMMENDED_INDEXES
): Promise<IndexCreation[]> {
  const results: IndexCreation[] = []
  for (const index of indexes) results.push(await createOne(db, index))
  return results
}

async function createOne(db: Db, index: RecommendedIndex): Promise<IndexCreation> {
  const collection = db.collection(index.collection)
  const base = { collection: index.collection, name: index.name }
  try {
    await collection.createIndex({ ...index.keys }, indexOptions(index), undefined)
    return { ...base, created: true }
  } catch (error) {
    if (!index.collation || isConflictWithExistingIndex(error)) {
      return { ...base, created: false, note: `Not created: ${reason(error)}` }
    }
    try {
      await collection.createIndex({ ...index.keys }, { name: index.name }, undefined)
      return {
        ...base,
        created: true,
        note:
          `Created without collation because the server rejected it (${reason(error)}); ` +
          'lookups on it are case-sensitive on this server.'
      }
    } catch (retryError) {
      return { ...base, created: false, note: `Not created: ${reason(retryError)}` }
    }
  }
}

function indexOptions(index: RecommendedIndex): IndexOptions {
  return index.collation
    ? { name: index.name, collation: { ...index.collation } }
    : { name: index.name }
}

/** IndexOptionsConflict / IndexKeySpecsConflict: an index of that name or keys already differs. */
function isConflictWithExistingIndex(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 85 || code === 86
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'

/** The three collections of the seed schema, in loading order (parents first). */
export const COLLECTION_NAMES = ['users', 'sessions', 'events'] as const
export type CollectionName = (typeof COLLECTION_NAMES)[number]

/** `users.ndjson` or `users.ndjson.gz`. */
export function collectionFileName(collection: CollectionName, gzip: boolean): string {
  return `${collection}.ndjson${gzip ? '.gz' : ''}`
}

/** The file holding a collection in a folder: plain `.ndjson` first, then `.ndjson.gz`; or null. */
export async function findCollectionFile(
  folder: string,
  collection: CollectionName
): Promise<string | null> {
  for (const gzip of [false, true]) {
    const path = join(folder, collectionFileName(collection, gzip))
    try {
      await access(path)
      return path
    } catch {
      // not this one
    }
  }
  return null
}

/** All three files of a folder, or NOT_FOUND naming the ones that are missing. */
export async function locateCollectionFiles(
  folder: string
): Promise<Record<CollectionName, string>> {
  const found = await Promise.all(COLLECTION_NAMES.map((name) => findCollectionFile(folder, name)))
  const missing = COLLECTION_NAMES.filter((_, index) => !found[index])
  if (missing.length > 0) {
    const names = missing.map((name) => collectionFileName(name, false)).join(', ')
    throw new AppError('NOT_FOUND', `${folder} has no ${names} (or .ndjson.gz).`, {
      folder,
      missing
    })
  }
  const [users, sessions, events] = found as [string, string, string]
  return { users, sessions, events }
}

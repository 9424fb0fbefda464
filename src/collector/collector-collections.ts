import { MongoBulkWriteError, MongoServerError, type Document, type WriteError } from 'mongodb'
import type { DeviceInfo } from './device-info'
import type { StoredEventDocument } from './event-documents'

/** The collections as the collector writes them: ids are the tracker's (or the shop's) strings. */
export interface UserWrite {
  _id: string
  name?: string
  email?: string
  createdAt?: Date
  lastActiveAt?: Date
  /** On an anonymous visitor joined to a known user: that user's id. */
  mergedInto?: string
  /** On a known user: the anonymous ids joined to it. */
  anonymousIds?: string[]
}

export interface SessionWrite {
  _id: string
  userId: string
  startTime?: Date
  endTime?: Date
  deviceInfo?: DeviceInfo
  ipAddress?: string
}

export type EventWrite = StoredEventDocument | (Document & { _id: string })

export const DUPLICATE_KEY = 11000

/**
 * Two upserts of one new `_id` at once can both try the insert; the loser fails with a duplicate
 * key (MongoDB retries that itself, FerretDB does not). Once more finds the document and updates it.
 */
export async function retryDuplicateUpsert<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error
    return write()
  }
}

export function isDuplicateKeyError(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = ([] as WriteError[]).concat(error.writeErrors)
    return writeErrors.length > 0 && writeErrors.every((w) => w.code === DUPLICATE_KEY)
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY
}

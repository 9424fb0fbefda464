import { createHash } from 'node:crypto'
import { basename, join } from 'node:path'
import { userCacheFolder } from '../../../app-paths'
import { CACHE_FILE_NAME } from './cache-format'

/** The cache file beside a folder's NDJSON files. */
export function besideCachePath(folder: string): string {
  return join(folder, CACHE_FILE_NAME)
}

/**
 * Where the cache of a folder that cannot be written (the demo workspace inside an installed app,
 * a read-only share) is kept instead: the user's cache folder, keyed by the folder's path.
 */
export function userCachePath(folder: string): string {
  const key = createHash('sha256').update(folder).digest('hex').slice(0, 16)
  const name =
    basename(folder)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 40) || 'folder'
  return join(userCacheFolder(), 'workspaces', `${name}-${key}${CACHE_FILE_NAME}`)
}

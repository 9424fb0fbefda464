import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { FieldMapping } from '../../../shared/mapping/field-mapping'
import { listFolderCollections } from '../sample-folder'
import { normaliseFolder } from './normalise-folder'

/** Where normalised copies live unless told otherwise: one folder per data folder and mapping. */
export function defaultMappedCacheRoot(): string {
  return join(tmpdir(), 'journey-workbench-mapped')
}

export interface MappedFolder {
  /** A folder in the seed's shape, which every engine reads. */
  folder: string
  /** How the data was read (derived sessions, users from ids, events left out). */
  notes: string[]
  fromCache: boolean
}

/**
 * A folder of any shape read through a mapping, as a seed-shaped copy: made once, then reused
 * while the mapping and the mapped files (size and modification time) are unchanged. The copy
 * appears whole or not at all (written beside, then renamed).
 */
export async function openMappedFolder(
  folder: string,
  mapping: FieldMapping,
  options: { cacheRoot?: string; signal?: AbortSignal } = {}
): Promise<MappedFolder> {
  const root = options.cacheRoot ?? defaultMappedCacheRoot()
  const key = await fingerprint(folder, mapping)
  const target = join(root, key)
  try {
    const notes = JSON.parse(await readFile(join(target, 'notes.json'), 'utf8')) as string[]
    return { folder: target, notes, fromCache: true }
  } catch {
    // Not made yet (or damaged): make it.
  }
  const partial = `${target}.partial-${String(process.pid)}`
  await rm(partial, { recursive: true, force: true })
  await mkdir(partial, { recursive: true })
  try {
    const written = await normaliseFolder(folder, mapping, partial, options.signal)
    await writeFile(join(partial, 'notes.json'), JSON.stringify(written.notes))
    await rm(target, { recursive: true, force: true })
    await rename(partial, target)
    return { folder: target, notes: written.notes, fromCache: false }
  } catch (error) {
    await rm(partial, { recursive: true, force: true })
    throw error
  }
}

/** The folder's path, the mapping, and each mapped file's size and modification time. */
async function fingerprint(folder: string, mapping: FieldMapping): Promise<string> {
  const files = await listFolderCollections(folder)
  const hash = createHash('sha256').update(resolve(folder)).update(JSON.stringify(mapping))
  const collections = [
    mapping.events.collection,
    mapping.sessions?.collection,
    mapping.users?.collection
  ]
  for (const name of collections) {
    const path = name === undefined ? undefined : files.get(name)
    if (path === undefined) {
      hash.update(`${String(name)}:none`)
      continue
    }
    const info = await stat(path)
    hash.update(`${path}:${String(info.size)}:${String(info.mtimeMs)}`)
  }
  return hash.digest('hex').slice(0, 24)
}

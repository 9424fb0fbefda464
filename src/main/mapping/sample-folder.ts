import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../shared/errors'
import { readNdjsonFile } from '../data/ndjson/ndjson-reader'
import { profileDocuments, type CollectionProfile } from './field-profile'
import type { SampledSource } from './propose-mapping'

/** Documents read from the start of each file (the whole file when it is shorter). */
export const FOLDER_SAMPLE_LINES = 5000

const COLLECTION_FILE = /^(.+)\.ndjson(\.gz)?$/

/** The collections of a folder: each `NAME.ndjson` or `NAME.ndjson.gz` file (plain first). */
export async function listFolderCollections(folder: string): Promise<Map<string, string>> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new AppError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'DATA_INVALID',
      code === 'ENOENT'
        ? `There is no folder ${folder}.`
        : `${folder} cannot be read (${String(code)}).`
    )
  }
  const files = new Map<string, string>()
  for (const name of names.sort()) {
    const match = COLLECTION_FILE.exec(name)
    if (!match?.[1]) continue
    if (!files.has(match[1]) || !match[2]) files.set(match[1], join(folder, name))
  }
  return files
}

/**
 * Samples a folder of NDJSON files for a mapping proposal: the first lines of every collection file,
 * profiled; event names are counted over the same lines.
 */
export async function sampleFolder(folder: string, signal?: AbortSignal): Promise<SampledSource> {
  const files = await listFolderCollections(folder)
  if (files.size === 0) {
    throw new AppError('NOT_FOUND', `${folder} has no NAME.ndjson or NAME.ndjson.gz files to map.`)
  }
  const samples = new Map<string, Record<string, unknown>[]>()
  const collections: CollectionProfile[] = []
  for (const [name, path] of files) {
    const documents: Record<string, unknown>[] = []
    let bytesRead = 0
    for await (const record of readNdjsonFile(path, signal ? { signal } : {})) {
      if (isDocument(record.document)) documents.push(record.document)
      bytesRead = record.bytesRead
      if (documents.length >= FOLDER_SAMPLE_LINES) break
    }
    samples.set(name, documents)
    const size = (await stat(path)).size
    collections.push({
      name,
      documents:
        documents.length < FOLDER_SAMPLE_LINES || bytesRead === 0
          ? documents.length
          : Math.round((documents.length * size) / bytesRead),
      sampled: documents.length,
      sampling: 'first-lines',
      fields: await profileDocuments(documents, signal)
    })
  }
  return {
    collections,
    eventNames: (collection, path) =>
      Promise.resolve(countValues(samples.get(collection) ?? [], path))
  }
}

/** How many documents have each string value at `path`, most frequent first. */
export function countValues(
  documents: readonly Record<string, unknown>[],
  path: string
): { name: string; events: number }[] {
  const counts = new Map<string, number>()
  const segments = path.split('.')
  for (const document of documents) {
    let value: unknown = document
    for (const segment of segments) {
      value = isDocument(value) ? value[segment] : undefined
    }
    if (typeof value === 'string') counts.set(value, (counts.get(value) ?? 0) + 1)
  }
  return [...counts]
    .map(([name, events]) => ({ name, events }))
    .sort((a, b) => b.events - a.events || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

function isDocument(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

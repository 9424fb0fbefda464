import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { FieldMapping } from '../../../shared/mapping/field-mapping'
import { readNdjsonFile } from '../../data/ndjson/ndjson-reader'
import { writeNdjsonFile } from '../../data/ndjson/ndjson-writer'
import { listFolderCollections } from '../sample-folder'
import { normaliseData, type NormalisedData } from './normalise-data'

/**
 * Reads a folder of any shape through its mapping and writes it in the seed's shape
 * (`users.ndjson`, `sessions.ndjson`, `events.ndjson`) into `outDir`, where every engine reads it.
 * Each file appears under its name only when whole. Returns what was written and left out.
 */
export async function normaliseFolder(
  folder: string,
  mapping: FieldMapping,
  outDir: string,
  signal?: AbortSignal
): Promise<
  Omit<NormalisedData, 'users' | 'sessions' | 'events'> & { counts: Record<string, number> }
> {
  const files = await listFolderCollections(folder)
  const read = async (collection: string | undefined): Promise<unknown[] | null> => {
    if (collection === undefined) return null
    const path = files.get(collection)
    if (!path) {
      throw new AppError(
        'NOT_FOUND',
        `The mapping reads ${collection}, but ${folder} has no ${collection}.ndjson. Files there: ${[...files.keys()].map((name) => `${name}.ndjson`).join(', ') || 'none'}.`
      )
    }
    const documents: unknown[] = []
    for await (const record of readNdjsonFile(path, signal ? { signal } : {})) {
      documents.push(record.document)
    }
    return documents
  }
  const data = normaliseData(
    {
      users: await read(mapping.users?.collection),
      sessions: await read(mapping.sessions?.collection),
      events: (await read(mapping.events.collection)) ?? []
    },
    mapping
  )
  await mkdir(outDir, { recursive: true })
  const options = signal ? { signal } : {}
  await writeNdjsonFile(join(outDir, 'users.ndjson'), data.users, options)
  await writeNdjsonFile(join(outDir, 'sessions.ndjson'), data.sessions, options)
  await writeNdjsonFile(join(outDir, 'events.ndjson'), data.events, options)
  return {
    skipped: data.skipped,
    notes: data.notes,
    counts: { users: data.users.length, sessions: data.sessions.length, events: data.events.length }
  }
}

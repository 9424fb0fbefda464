import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { readNdjsonFile } from '../../src/main/data/ndjson/ndjson-reader'

/** Every `NAME.ndjson` of a folder (a generated demo shape), as parsed documents by collection. */
export async function readFolderCollections(folder: string): Promise<Record<string, unknown[]>> {
  const collections: Record<string, unknown[]> = {}
  for (const file of await readdir(folder)) {
    if (!file.endsWith('.ndjson')) continue
    const documents: unknown[] = []
    for await (const record of readNdjsonFile(join(folder, file))) documents.push(record.document)
    collections[file.slice(0, -'.ndjson'.length)] = documents
  }
  return collections
}

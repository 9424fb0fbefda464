import { stat } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'
import type { CallContext } from '../../../shared/rpc/contract'
import type { CollectionName } from '../../data/ndjson/collection-files'
import { checkDocumentShape, parseLine, toReadError } from '../../data/ndjson/ndjson-reader'
import { readLineBytes } from '../../data/ndjson/read-line-bytes'
import { ColumnLoad } from './columns/column-load'
import type { MemoryColumns } from './columns/column-source'

const utf8 = new TextDecoder()

/**
 * Reads the NDJSON files of a folder (users, sessions, events) straight into columns. Lines of
 * the common shapes are read from their bytes; any other line is parsed as Extended JSON and goes
 * through the same validation and the same document-to-columns step as parsed documents.
 */
export async function loadNdjsonFolder(
  files: Record<CollectionName, string>,
  context?: Partial<CallContext>
): Promise<MemoryColumns> {
  const load = new ColumnLoad()
  const sizes = await Promise.all(
    (['users', 'sessions', 'events'] as const).map(async (name) => (await stat(files[name])).size)
  )
  const total = sizes.reduce((sum, size) => sum + size, 0)
  let before = 0
  const read = async (
    collection: CollectionName,
    onLine: (bytes: Buffer, start: number, end: number, line: number) => void
  ): Promise<void> => {
    const path = files[collection]
    try {
      await readLineBytes(path, onLine, {
        ...(context?.signal ? { signal: context.signal } : {}),
        onChunk: (bytesRead) => {
          context?.reportProgress?.({
            phase: `Reading ${collection}`,
            done: Math.round(((before + bytesRead) / Math.max(total, 1)) * 100),
            total: 100,
            message: '%'
          })
        }
      })
    } catch (error) {
      throw toReadError(path, error, context?.signal)
    }
    before += sizes[['users', 'sessions', 'events'].indexOf(collection)] ?? 0
  }
  const parsed = (
    collection: CollectionName,
    bytes: Buffer,
    start: number,
    end: number,
    line: number
  ) => {
    const path = files[collection]
    const document = parseLine(path, line, utf8.decode(bytes.subarray(start, end)))
    checkDocumentShape(path, collection, line, document)
    return document
  }

  await read('users', (bytes, start, end, line) => {
    if (!load.users.addLine(bytes, start, end)) {
      load.users.addDocument(parsed('users', bytes, start, end, line), line, { bytes, start, end })
    }
  })
  await read('sessions', (bytes, start, end, line) => {
    if (!load.sessions.addLine(bytes, start, end)) {
      const document = parsed('sessions', bytes, start, end, line)
      load.sessions.addDocument(document, line, { bytes, start, end })
    }
  })
  await read('events', (bytes, start, end, line) => {
    if (!load.events.addLine(bytes, start, end)) {
      load.events.addDocument(parsed('events', bytes, start, end, line), line)
    }
  })
  if (context?.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled')
  context?.reportProgress?.({ phase: 'Indexing events', done: 0, total: load.events.count })
  return load.finish()
}

import { AppError } from '../../../shared/errors'
import type { CallContext } from '../../../shared/rpc/contract'
import { ColumnLoad } from './columns/column-load'
import type { MemoryColumns } from './columns/column-source'

/** One parsed document and the line of its file it came from (for error messages). */
export interface LoadedDocument {
  document: unknown
  line: number
}

export type DocumentSource = AsyncIterable<LoadedDocument> | Iterable<LoadedDocument>

/** The three collections of a data set, each a stream of parsed documents. */
export interface LocalDatasetSources {
  users: DocumentSource
  sessions: DocumentSource
  events: DocumentSource
}

const CHECK_EVERY = 16_384

/** Reads and validates the three collections of parsed documents into indexed columns. */
export async function loadDocumentSources(
  sources: LocalDatasetSources,
  context?: Partial<CallContext>
): Promise<MemoryColumns> {
  const load = new ColumnLoad()
  let count = 0
  const checkpoint = (collection: string): void => {
    if (++count % CHECK_EVERY !== 0) return
    if (context?.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled')
    context?.reportProgress?.({ phase: `Reading ${collection}`, done: count })
  }
  await eachDocument(sources.users, ({ document, line }) => {
    load.users.addDocument(document, line)
    checkpoint('users')
  })
  count = 0
  await eachDocument(sources.sessions, ({ document, line }) => {
    load.sessions.addDocument(document, line)
    checkpoint('sessions')
  })
  count = 0
  await eachDocument(sources.events, ({ document, line }) => {
    load.events.addDocument(document, line)
    checkpoint('events')
  })
  context?.reportProgress?.({ phase: 'Indexing events', done: 0, total: load.events.count })
  return load.finish()
}

/** Feeds each document to `use`; a plain array or iterable is read without a microtask per item. */
async function eachDocument(
  source: DocumentSource,
  use: (loaded: LoadedDocument) => void
): Promise<void> {
  if (Symbol.iterator in source) {
    for (const loaded of source) use(loaded)
    return
  }
  for await (const loaded of source) use(loaded)
}

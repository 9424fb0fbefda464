import { stat } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'
import type { CallContext } from '../../../shared/rpc/contract'
import type { CollectionName } from '../../data/ndjson/collection-files'
import { toReadError } from '../../data/ndjson/ndjson-reader'
import { readLineBytes, type LineBytesHandler } from '../../data/ndjson/read-line-bytes'
import { addEventLine, parseCollectionLine } from './collection-line'
import { ColumnLoad } from './columns/column-load'
import type { MemoryColumns } from './columns/column-source'
import { mergeEventRange } from './columns/merge-event-range'
import { startEventsRangeThread, type EventsRangeThread } from './events-range-thread'
import { balancedEventsSplit, EVENTS_WORKER_MIN_BYTES, lineStartFrom } from './events-split'

export interface LoadNdjsonOptions {
  /**
   * The events file's tail in a worker thread: by default for plain files of 32 MB and more,
   * split so both threads finish together; `false` never; `{ splitAt }` always, at the first line
   * start from that byte. The result is the same either way. `JOURNEY_EVENTS_WORKER=off` in the
   * environment turns the default off (to compare, or to rule the worker out).
   */
  eventsWorker?: false | { splitAt: number }
}

const COLLECTIONS = ['users', 'sessions', 'events'] as const

/**
 * Reads the NDJSON files of a folder (users, sessions, events) straight into columns. Lines of
 * the common shapes are read from their bytes; any other line is parsed as Extended JSON and goes
 * through the same validation and the same document-to-columns step as parsed documents.
 */
export async function loadNdjsonFolder(
  files: Record<CollectionName, string>,
  context?: Partial<CallContext>,
  options: LoadNdjsonOptions = {}
): Promise<MemoryColumns> {
  const load = new ColumnLoad()
  const [users = 0, sessions = 0, events = 0] = await Promise.all(
    COLLECTIONS.map(async (name) => (await stat(files[name])).size)
  )
  const total = Math.max(users + sessions + events, 1)
  // Bytes done: whole files (or parts) read here, the part being read, the worker's part.
  const done = { files: 0, reading: 0, worker: 0 }
  let current: CollectionName = 'users'
  const progress = () =>
    context?.reportProgress?.({
      phase: `Reading ${current}`,
      done: Math.round(((done.files + done.reading + done.worker) / total) * 100),
      total: 100,
      message: '%'
    })
  const read = async (
    collection: CollectionName,
    onLine: LineBytesHandler,
    range: { start?: number; end?: number } = {}
  ): Promise<number> => {
    const path = files[collection]
    current = collection
    try {
      const lines = await readLineBytes(path, onLine, {
        ...range,
        ...(context?.signal ? { signal: context.signal } : {}),
        onChunk: (bytesRead) => {
          done.reading = bytesRead
          progress()
        }
      })
      done.files += done.reading
      done.reading = 0
      return lines
    } catch (error) {
      throw toReadError(path, error, context?.signal)
    }
  }

  // The tail of a big events file loads in a worker while this thread reads the rest.
  const eventsPath = files.events
  const setting =
    options.eventsWorker ?? (process.env.JOURNEY_EVENTS_WORKER === 'off' ? false : undefined)
  const split =
    setting === false ||
    eventsPath.endsWith('.gz') ||
    (!setting && events < EVENTS_WORKER_MIN_BYTES)
      ? events
      : await lineStartFrom(
          eventsPath,
          setting?.splitAt ?? balancedEventsSplit({ users, sessions, events }),
          events
        )
  let worker: EventsRangeThread | null = null
  if (split < events) {
    worker = startEventsRangeThread({ path: eventsPath, start: split, end: events }, (bytes) => {
      done.worker = bytes
      progress()
    })
  }
  const onAbort = () => worker?.stop()
  context?.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    await read('users', (bytes, start, end, line) => {
      if (!load.users.addLine(bytes, start, end)) {
        const document = parseCollectionLine(files.users, 'users', bytes, start, end, line)
        load.users.addDocument(document, line, { bytes, start, end })
      }
    })
    await read('sessions', (bytes, start, end, line) => {
      if (!load.sessions.addLine(bytes, start, end)) {
        const document = parseCollectionLine(files.sessions, 'sessions', bytes, start, end, line)
        load.sessions.addDocument(document, line, { bytes, start, end })
      }
    })
    const addEvent = (offset: number): LineBytesHandler => {
      return (bytes, start, end, line) => {
        addEventLine(load.events, eventsPath, bytes, start, end, line + offset)
      }
    }
    const headLines =
      split === 0 ? 0 : await read('events', addEvent(0), split < events ? { end: split } : {})
    const tail = worker ? await worker.result : null
    if (tail) {
      context?.reportProgress?.({ phase: 'Merging events read in a worker', done: 0, total: 1 })
      mergeEventRange(load.events, load.tables, tail)
    } else if (split < events) {
      // No worker, or it failed: read the tail here (a bad line then fails as it would alone).
      done.worker = 0
      await read('events', addEvent(headLines), { start: split })
    }
  } finally {
    worker?.stop()
    context?.signal?.removeEventListener('abort', onAbort)
  }
  if (context?.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled')
  context?.reportProgress?.({ phase: 'Indexing events', done: 0, total: load.events.count })
  return load.finish()
}

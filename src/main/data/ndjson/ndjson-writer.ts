import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import type { TransformOptions, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip, type ZlibOptions } from 'node:zlib'
import { AppError } from '../../../shared/errors'
import { toExtendedJsonLine } from './extended-json-line'

export interface NdjsonWriterOptions {
  /** Compress with gzip; by default when the path ends in `.gz`. */
  gzip?: boolean
  /** zlib level 1 (fast) .. 9 (small); default 6. */
  gzipLevel?: number
  /** Aborting stops the write and removes the `.partial` file; the call then fails with CANCELLED. */
  signal?: AbortSignal
  /** Turns a document into one line; default relaxed Extended JSON (mongoexport style). */
  stringify?: (document: unknown) => string
}

export interface NdjsonWriteResult {
  path: string
  docsWritten: number
}

/**
 * Writes documents one per line to `<path>.partial` and renames it to `path` on `close()`, so a failed
 * or cancelled write never leaves a half-written file under the real name.
 */
export interface NdjsonWriter {
  readonly path: string
  readonly docsWritten: number
  /** Resolves when the documents are buffered; waits for the disk when it falls behind. */
  write(document: unknown): Promise<void>
  writeMany(documents: Iterable<unknown>): Promise<void>
  /** Flushes, closes and renames into place. */
  close(): Promise<NdjsonWriteResult>
  /** Stops and deletes the partial file. Safe to call more than once, or after a failure. */
  abort(): Promise<void>
}

/** Lines are gathered into chunks of about this many characters before they reach the stream. */
const CHUNK_CHARS = 256 * 1024
/** Room for a few chunks in the streams, so generating and disk writes overlap. */
const STREAM_BUFFER_BYTES = 4 * 1024 * 1024

export function openNdjsonWriter(path: string, options: NdjsonWriterOptions = {}): NdjsonWriter {
  const partialPath = `${path}.partial`
  const stringify = options.stringify ?? toExtendedJsonLine
  const file = createWriteStream(partialPath, { highWaterMark: STREAM_BUFFER_BYTES })
  const fileClosed = new Promise<void>((resolve) => {
    file.once('close', () => {
      resolve()
    })
  })
  const compressor =
    (options.gzip ?? path.endsWith('.gz'))
      ? createGzip(gzipOptions(options.gzipLevel ?? 6))
      : undefined
  const head: Writable = compressor ?? file
  const finished = compressor
    ? pipeline(compressor, file)
    : once(file, 'close').then(() => undefined)
  let failure: unknown
  finished.catch((error: unknown) => {
    failure ??= error
  })
  if (!compressor) file.on('error', (error) => (failure ??= error))
  const onAbort = (): void => {
    void abort()
  }
  options.signal?.addEventListener('abort', onAbort, { once: true })

  let chunk = ''
  let docsWritten = 0
  let state: 'open' | 'closing' | 'done' = 'open'

  const checkUsable = (): void => {
    if (options.signal?.aborted) throw cancelled(path)
    if (failure) throw writeFailed(path, failure)
    if (state !== 'open') throw new AppError('INTERNAL', `${path} is already closed`)
  }

  const flush = async (): Promise<void> => {
    if (chunk === '') return
    const text = chunk
    chunk = ''
    if (!head.write(text)) {
      await Promise.race([once(head, 'drain'), finished]).catch(() => undefined)
    }
    if (options.signal?.aborted) throw cancelled(path)
    if (failure) throw writeFailed(path, failure)
  }

  const append = (document: unknown): void => {
    chunk += `${stringify(document)}\n`
    docsWritten++
  }

  let aborting: Promise<void> | undefined
  const abort = (): Promise<void> => {
    if (state === 'done' && !aborting) return Promise.resolve()
    state = 'done'
    options.signal?.removeEventListener('abort', onAbort)
    aborting ??= (async () => {
      head.destroy()
      file.destroy()
      await fileClosed
      await rm(partialPath, { force: true })
    })()
    return aborting
  }

  return {
    path,
    get docsWritten() {
      return docsWritten
    },
    async write(document) {
      checkUsable()
      append(document)
      if (chunk.length >= CHUNK_CHARS) await flush()
    },
    async writeMany(documents) {
      checkUsable()
      for (const document of documents) {
        append(document)
        if (chunk.length >= CHUNK_CHARS) await flush()
      }
    },
    async close() {
      try {
        checkUsable()
        state = 'closing'
        await flush()
        head.end()
        await finished
        if (options.signal?.aborted) throw cancelled(path)
        await rename(partialPath, path)
        state = 'done'
        options.signal?.removeEventListener('abort', onAbort)
        return { path, docsWritten }
      } catch (error) {
        await abort()
        if (options.signal?.aborted) throw cancelled(path)
        throw error instanceof AppError ? error : writeFailed(path, error)
      }
    },
    abort
  }
}

/** Writes all documents of an iterable to one NDJSON file (see `openNdjsonWriter`). */
export async function writeNdjsonFile(
  path: string,
  documents: Iterable<unknown> | AsyncIterable<unknown>,
  options: NdjsonWriterOptions = {}
): Promise<NdjsonWriteResult> {
  const writer = openNdjsonWriter(path, options)
  try {
    for await (const document of documents) await writer.write(document)
  } catch (error) {
    await writer.abort()
    throw error
  }
  return writer.close()
}

/** zlib streams take the Transform options too, though ZlibOptions does not list them. */
function gzipOptions(level: number): ZlibOptions {
  const options: ZlibOptions & TransformOptions = { level, highWaterMark: STREAM_BUFFER_BYTES }
  return options
}

function cancelled(path: string): AppError {
  return new AppError('CANCELLED', `Writing ${path} was cancelled.`)
}

function writeFailed(path: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new AppError('INTERNAL', `Could not write ${path}: ${reason}`, { path, reason })
}

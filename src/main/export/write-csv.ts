import { Readable, Transform, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createCsvStringifier, type CsvWriteOptions } from './csv-stringifier'

/** How often, at most, `onProgress` hears of the rows written (4 times a second). */
export const PROGRESS_INTERVAL_MS = 250

export interface WriteCsvInput {
  headers: readonly string[]
  /** One array of typed cells per row, in the order of `headers`. */
  rows: AsyncIterable<readonly unknown[]>
  options: CsvWriteOptions
  signal: AbortSignal
  /** Rows written so far: at most every PROGRESS_INTERVAL_MS once rows flow, and once at the end. */
  onProgress?: (rowsWritten: number) => void
  /** Leave `output` open at the end (standard output). */
  keepOutputOpen?: boolean
}

export interface CsvWritten {
  /** Data rows (the header not counted). */
  rowsWritten: number
  bytesWritten: number
}

/** A write that stopped part way: how far it got, and why (an abort, a cursor or disk failure). */
export class CsvWriteError extends Error {
  constructor(
    readonly rowsWritten: number,
    readonly reason: unknown,
    readonly aborted: boolean
  ) {
    super(reason instanceof Error ? reason.message : String(reason))
    this.name = 'CsvWriteError'
  }
}

/**
 * Streams rows through csv-stringify into `output` with backpressure: rows are pulled from the
 * source only as fast as the output drains, so memory stays flat whatever the row count. Aborting
 * `signal` (or any failure) destroys the streams, which makes the row source's generator return
 * (closing its cursor); this resolves or rejects only after the source has finished closing.
 */
export async function writeCsv(output: Writable, input: WriteCsvInput): Promise<CsvWritten> {
  const stringifier = createCsvStringifier(input.headers, input.options)
  const iterator = input.rows[Symbol.asyncIterator]()
  let bytesWritten = 0
  const countBytes = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      bytesWritten += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      callback(null, chunk)
    }
  })
  // csv-stringify counts the records it has turned into text in `info` (untyped in its .d.ts).
  const info = (stringifier as unknown as { info: { records: number } }).info
  const rowsWritten = (): number => info.records
  // Silent until the first row: before that the row source (an engine) reports its own progress.
  const timer = input.onProgress
    ? setInterval(() => {
        if (rowsWritten() > 0) input.onProgress?.(rowsWritten())
      }, PROGRESS_INTERVAL_MS)
    : null
  timer?.unref()
  try {
    await pipeline(
      Readable.from({ [Symbol.asyncIterator]: () => iterator }, { highWaterMark: 64 }),
      stringifier,
      countBytes,
      output,
      { signal: input.signal, end: input.keepOutputOpen !== true }
    )
  } catch (error) {
    // Make sure the source has closed (its cursor killed) before anyone hears of the failure.
    await iterator.return?.(undefined).catch(() => undefined)
    throw new CsvWriteError(rowsWritten(), error, input.signal.aborted)
  } finally {
    if (timer) clearInterval(timer)
  }
  input.onProgress?.(rowsWritten())
  return { rowsWritten: rowsWritten(), bytesWritten }
}

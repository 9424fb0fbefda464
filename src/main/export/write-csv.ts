import { Readable, Transform, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ColumnarRows, CsvBatchText, type CsvBatch, type CsvRecordBatch } from './csv-batch-text'
import { createCsvStringifier, type CsvWriteOptions } from './csv-stringifier'

/** How often, at most, `onProgress` hears of the rows written (4 times a second). */
export const PROGRESS_INTERVAL_MS = 250

export interface WriteCsvInput {
  headers: readonly string[]
  /**
   * One array of typed cells per row, in the order of `headers`; or the same rows as batches of
   * columns (a columnar engine's fast path), written byte for byte alike.
   */
  rows: AsyncIterable<readonly unknown[]> | ColumnarRows
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
 * Streams rows through csv-stringify (or batches through CsvBatchText) into `output` with
 * backpressure: rows are pulled from the source only as fast as the output drains, so memory stays
 * flat whatever the row count. Aborting `signal` (or any failure) destroys the streams, which
 * makes the row source's generator return (closing its cursor); this resolves or rejects only
 * after the source has finished closing.
 */
export async function writeCsv(output: Writable, input: WriteCsvInput): Promise<CsvWritten> {
  const { rows } = input
  const text = rows instanceof ColumnarRows ? batchText(input, rows.batches) : rowText(input, rows)
  let bytesWritten = 0
  const countBytes = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      bytesWritten += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      callback(null, chunk)
    }
  })
  // Silent until the first row: before that the row source (an engine) reports its own progress.
  const timer = input.onProgress
    ? setInterval(() => {
        if (text.rowsWritten() > 0) input.onProgress?.(text.rowsWritten())
      }, PROGRESS_INTERVAL_MS)
    : null
  timer?.unref()
  try {
    await pipeline([...text.streams, countBytes, output], {
      signal: input.signal,
      end: input.keepOutputOpen !== true
    })
  } catch (error) {
    // Make sure the source has closed (its cursor killed) before anyone hears of the failure.
    await text.close()
    throw new CsvWriteError(text.rowsWritten(), error, input.signal.aborted)
  } finally {
    if (timer) clearInterval(timer)
  }
  input.onProgress?.(text.rowsWritten())
  return { rowsWritten: text.rowsWritten(), bytesWritten }
}

/** The CSV text of a body, as streams, with the rows turned into text so far. */
interface CsvText {
  streams: [Readable, ...Transform[]]
  rowsWritten: () => number
  /** Ends the source (its generator returns, its cursor closes). */
  close: () => Promise<void>
}

function rowText(input: WriteCsvInput, rows: AsyncIterable<readonly unknown[]>): CsvText {
  const stringifier = createCsvStringifier(input.headers, input.options)
  const iterator = rows[Symbol.asyncIterator]()
  // csv-stringify counts the records it has turned into text in `info` (untyped in its .d.ts).
  const info = (stringifier as unknown as { info: { records: number } }).info
  return {
    streams: [
      Readable.from({ [Symbol.asyncIterator]: () => iterator }, { highWaterMark: 64 }),
      stringifier
    ],
    rowsWritten: () => info.records,
    close: () => closeIterator(iterator)
  }
}

function batchText(
  input: WriteCsvInput,
  batches: AsyncIterable<CsvBatch | CsvRecordBatch>
): CsvText {
  const formatter = new CsvBatchText(input.options)
  const iterator = batches[Symbol.asyncIterator]()
  let rowsWritten = 0
  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    // csv-stringify writes the BOM and the header even when there are no rows.
    yield Buffer.from((input.options.bom ? '\uFEFF' : '') + formatter.header(input.headers))
    for await (const batch of { [Symbol.asyncIterator]: () => iterator }) {
      const text = formatter.records(batch)
      rowsWritten += batch.length
      yield Buffer.from(text)
    }
  }
  return {
    // A few chunks of a few thousand rows each in flight at most.
    streams: [Readable.from(chunks(), { highWaterMark: 2 })],
    rowsWritten: () => rowsWritten,
    close: () => closeIterator(iterator)
  }
}

async function closeIterator(iterator: AsyncIterator<unknown>): Promise<void> {
  await iterator.return?.(undefined).catch(() => undefined)
}

import { Writable } from 'node:stream'
import { Decimal128, Long, ObjectId } from 'bson'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  arrayRows,
  CELL_ABSENT,
  CELL_IN_VALUES,
  type ColumnCells
} from '../../../src/main/engine/row-sources'
import { ColumnarRows, type CsvBatch } from '../../../src/main/export/csv-batch-text'
import type { CsvWriteOptions } from '../../../src/main/export/csv-stringifier'
import { CsvWriteError, writeCsv, type WriteCsvInput } from '../../../src/main/export/write-csv'

/*
 * The columnar fast path writes CSV text itself (whole chunks, no stream per row), so it is held
 * to csv-stringify byte for byte: the same cells, given as rows to csv-stringify and as batches of
 * columns (pooled, own values, absent, whole rows) to CsvBatchText, must give the same bytes.
 */

class Collect extends Writable {
  readonly chunks: Buffer[] = []
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk)
    callback()
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks)
  }
}

/** Characters a CSV writer gets wrong easily, formula starts (ASCII and full-width) among them. */
const AWKWARD_CHARS = [
  'a',
  'Z',
  '7',
  '.',
  ',',
  '"',
  "'",
  '\r',
  '\n',
  '\t',
  ' ',
  '=',
  '+',
  '-',
  '@',
  '＝',
  '＋',
  '－',
  '＠',
  'é',
  'ע',
  'م',
  '🛒',
  '\u200f',
  '\ud800'
]
const awkwardText = fc.string({ unit: fc.constantFrom(...AWKWARD_CHARS), maxLength: 8 })

const cellValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: awkwardText },
  { weight: 1, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  // The whole range of dates, invalid ones and years outside 0000-9999 included.
  { weight: 2, arbitrary: fc.date({ noInvalidDate: false }) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b))
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Decimal128.fromString('-12.30'),
      Long.fromString('-9007199254740993')
    )
  },
  { weight: 1, arbitrary: fc.array(awkwardText, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(awkwardText, awkwardText, { maxKeys: 2 }) }
)

/** How the batch path is given one cell. */
type Representation = 'pooled' | 'value' | 'whole-row'

interface Table {
  headers: string[]
  rows: unknown[][]
  /** Per row, per column: how the batches carry the cell (a whole row when any cell says so). */
  representations: Representation[][]
  /** Rows per batch. */
  batchSizes: number[]
}

const table: fc.Arbitrary<Table> = fc.integer({ min: 1, max: 4 }).chain((width) =>
  fc.record({
    headers: fc.array(awkwardText, { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(cellValue, { minLength: width, maxLength: width }), {
      maxLength: 25
    }),
    representations: fc.array(
      fc.array(fc.constantFrom<Representation>('pooled', 'pooled', 'value', 'value', 'whole-row'), {
        minLength: width,
        maxLength: width
      }),
      { minLength: 25, maxLength: 25 }
    ),
    batchSizes: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 25, maxLength: 25 })
  })
)

/** The table's rows as batches of columns, each pool shared by every batch of its column. */
function batchesOf(t: Table): CsvBatch[] {
  const width = t.headers.length
  const pools = Array.from({ length: width }, () => ({ values: [] as unknown[], codes: new Map() }))
  const batches: CsvBatch[] = []
  let start = 0
  for (let b = 0; start < t.rows.length; b++) {
    const length = Math.min(t.batchSizes[b] ?? 1, t.rows.length - start)
    const columns: ColumnCells[] = pools.map(() => ({
      codes: new Int32Array(length),
      pool: [],
      values: new Array<unknown>(length)
    }))
    const whole: CsvBatch['rows'][number][] = []
    for (let r = 0; r < length; r++) {
      const cells = t.rows[start + r] as unknown[]
      const how = t.representations[start + r] as Representation[]
      if (how.includes('whole-row')) {
        whole.push({ row: r, cells })
        // What the columns hold for a whole row must not matter.
        for (const column of columns) column.codes[r] = 0
        continue
      }
      for (let c = 0; c < width; c++) {
        const value = cells[c]
        const column = columns[c] as ColumnCells & { values: unknown[] }
        const pool = pools[c] as (typeof pools)[number]
        if (value === undefined || value === null) {
          column.codes[r] = CELL_ABSENT
        } else if (how[c] === 'pooled') {
          let code = pool.codes.get(value) as number | undefined
          if (code === undefined) {
            code = pool.values.length
            pool.values.push(value)
            pool.codes.set(value, code)
          }
          column.codes[r] = code
        } else {
          column.codes[r] = CELL_IN_VALUES
          column.values[r] = value
        }
      }
    }
    batches.push({
      length,
      columns: columns.map((column, c) => ({
        ...column,
        pool: (pools[c] as { values: unknown[] }).values
      })),
      rows: whole
    })
    start += length
  }
  return batches
}

async function written(
  headers: string[],
  rows: WriteCsvInput['rows'],
  options: CsvWriteOptions
): Promise<Buffer> {
  const out = new Collect()
  await writeCsv(out, { headers, rows, options, signal: new AbortController().signal })
  return out.buffer
}

function asyncOf<T>(items: readonly T[]): AsyncIterable<T> {
  return arrayRows(items)
}

describe('CSV from batches of columns', () => {
  it('gives the bytes csv-stringify gives for the same cells, whatever the values', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.record({ bom: fc.boolean(), formulaGuard: fc.boolean() }),
        async (t, options) => {
          const expected = await written(t.headers, asyncOf(t.rows), options)
          const actual = await written(t.headers, new ColumnarRows(asyncOf(batchesOf(t))), options)
          expect(actual.toString('latin1')).toBe(expected.toString('latin1'))
        }
      ),
      { numRuns: 400 }
    )
  })

  it('writes the BOM and the header when there are no rows, as csv-stringify does', async () => {
    const options = { bom: true, formulaGuard: true }
    const expected = await written(['=a', 'b,c'], asyncOf([]), options)
    expect(await written(['=a', 'b,c'], new ColumnarRows(asyncOf([])), options)).toEqual(expected)
    expect(expected.toString()).toBe('\ufeff\'=a,"b,c"\r\n')
  })

  it('on abort closes the batch source before rejecting, with the rows written so far', async () => {
    let closed = false
    let produced = 0
    async function* batches(): AsyncGenerator<CsvBatch> {
      try {
        for (;;) {
          produced += 100
          yield {
            length: 100,
            columns: [{ codes: new Int32Array(100), pool: ['x'], values: [] }],
            rows: []
          }
          await new Promise((resolve) => setImmediate(resolve))
        }
      } finally {
        closed = true
      }
    }
    const controller = new AbortController()
    const writing = writeCsv(new Collect(), {
      headers: ['a'],
      rows: new ColumnarRows(batches()),
      options: { bom: false, formulaGuard: true },
      signal: controller.signal,
      onProgress: (n) => {
        if (n > 0) controller.abort()
      }
    })
    const error = (await writing.catch((e: unknown) => e)) as CsvWriteError
    expect(error).toBeInstanceOf(CsvWriteError)
    expect(error.aborted).toBe(true)
    expect(closed).toBe(true)
    expect(error.rowsWritten).toBeGreaterThan(0)
    expect(error.rowsWritten).toBeLessThanOrEqual(produced)
  })

  it('pulls batches only as fast as the output drains (backpressure)', async () => {
    let produced = 0
    async function* batches(): AsyncGenerator<CsvBatch> {
      for (;;) {
        produced++
        yield await Promise.resolve({
          length: 1000,
          columns: [{ codes: new Int32Array(1000), pool: ['x'.repeat(100)], values: [] }],
          rows: []
        })
      }
    }
    let release: () => void = () => undefined
    let writes = 0
    const stuck = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, callback) {
        writes++
        release = callback
      }
    })
    const controller = new AbortController()
    const writing = writeCsv(stuck, {
      headers: ['a'],
      rows: new ColumnarRows(batches()),
      options: { bom: false, formulaGuard: true },
      signal: controller.signal
    })
    // The output never drains: once its first write is pending, nothing more may be pulled than
    // the few chunks the streams buffer, however long the wait.
    await expect.poll(() => writes).toBe(1)
    const held = produced
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve))
    expect(produced).toBe(held)
    expect(held).toBeLessThan(8)
    controller.abort()
    release()
    await expect(writing).rejects.toBeInstanceOf(CsvWriteError)
  })
})

import { CELL_IN_VALUES, type ColumnCells } from '../engine/row-sources'
import { CsvCellText } from './csv-cell-text'
import type { CsvWriteOptions } from './csv-stringifier'

/** Rows as columns (see `ColumnCells`), some rows given as typed cells instead. */
export interface CsvBatch {
  readonly length: number
  /** One per header, in order. */
  readonly columns: readonly ColumnCells[]
  /** Rows whose cells are given whole (in row order); their cells in `columns` are ignored. */
  readonly rows: readonly { row: number; cells: readonly unknown[] }[]
}

/**
 * Rows that make their own records with the writer's cell formatter (a server's raw BSON pages:
 * see `BsonRecordText`), byte for byte as csv-stringify writes their cells.
 */
export interface CsvRecordBatch {
  readonly length: number
  /** The records, each ending with CRLF. */
  records(cells: CsvCellText): string
}

/**
 * Rows a batch at a time: what a columnar engine's fast path (batches of columns) or a server's
 * page path (batches that make their own records) hands the CSV writer.
 */
export class ColumnarRows {
  constructor(readonly batches: AsyncIterable<CsvBatch | CsvRecordBatch>) {}
}

/** CSV's record delimiter (RFC 4180, as csv-stringify is told to write it). */
const CRLF = '\r\n'

/**
 * Turns batches of columns into CSV text, byte for byte what csv-stringify writes for the same
 * cells: every cell through CsvCellText, and a value that repeats (a pooled code) formatted once
 * per column, not once per row.
 */
export class CsvBatchText {
  private readonly cells: CsvCellText
  /** Per column: the pool its texts belong to, and the text of each code formatted so far. */
  private readonly pools: (readonly unknown[] | null)[] = []
  private readonly texts: (string | undefined)[][] = []

  constructor(options: CsvWriteOptions) {
    this.cells = new CsvCellText(options)
  }

  /** The header record (and the BOM when asked for it goes first: see `writeCsv`). */
  header(headers: readonly string[]): string {
    return this.cells.record(headers) + CRLF
  }

  /** The records of a batch, each ending with CRLF. */
  records(batch: CsvBatch | CsvRecordBatch): string {
    if ('records' in batch) return batch.records(this.cells)
    const { columns, rows } = batch
    const width = columns.length
    const texts = columns.map((column, c) => this.textsOf(column, c))
    let whole = 0
    let nextWhole = rows.length > 0 ? (rows[0] as { row: number }).row : -1
    let text = ''
    for (let r = 0; r < batch.length; r++) {
      if (r === nextWhole) {
        text += this.cells.record((rows[whole] as { cells: readonly unknown[] }).cells) + CRLF
        whole++
        nextWhole = whole < rows.length ? (rows[whole] as { row: number }).row : -1
        continue
      }
      for (let c = 0; c < width; c++) {
        if (c > 0) text += ','
        const column = columns[c] as ColumnCells
        const code = column.codes[r] as number
        if (code >= 0) {
          const known = texts[c] as (string | undefined)[]
          let cell = known[code]
          if (cell === undefined) {
            cell = this.cells.of(column.pool[code])
            known[code] = cell
          }
          text += cell
        } else if (code === CELL_IN_VALUES) {
          text += this.cells.of(column.values[r])
        }
      }
      text += CRLF
    }
    return text
  }

  /** The texts already formatted for column c's pool (a new pool starts afresh). */
  private textsOf(column: ColumnCells, c: number): (string | undefined)[] {
    if (this.pools[c] !== column.pool) {
      this.pools[c] = column.pool
      this.texts[c] = []
    }
    return this.texts[c] as (string | undefined)[]
  }
}

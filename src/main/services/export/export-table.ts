import { AppError } from '../../../shared/errors'
import type { ExportColumn } from '../../../shared/export/export-results'
import type { ColumnarRows } from '../../export/csv-batch-text'
import { arrayRows, type RowStream } from '../../engine/row-sources'

/** A column of an export: its key, its header, and how to read its cell from a row. */
export interface TableColumn<T> extends ExportColumn {
  value: (row: T) => unknown
}

/** What the CSV writer gets: headers, and rows as arrays of typed cells in the same order. */
export interface ExportTable {
  headers: string[]
  /** Arrays of typed cells, or batches of columns (the local engine's raw events). */
  rows: AsyncIterable<readonly unknown[]> | ColumnarRows
  /** Caveats found while reading; complete once `rows` has ended. */
  notes: string[]
}

/** The columns to write: all, or those chosen (by key, in the chosen order). */
export function selectColumns<T>(
  columns: readonly TableColumn<T>[],
  chosen: readonly string[] | undefined
): TableColumn<T>[] {
  if (!chosen) return [...columns]
  const byKey = new Map(columns.map((column) => [column.key, column]))
  const unknown = chosen.filter((key) => !byKey.has(key))
  if (unknown.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `Unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((key) => `"${key}"`).join(', ')}; this export has ${columns.map((column) => column.key).join(', ')}.`
    )
  }
  if (new Set(chosen).size !== chosen.length) {
    throw new AppError('INVALID_INPUT', 'A column is chosen twice.')
  }
  return chosen.map((key) => byKey.get(key) as TableColumn<T>)
}

/** A row stream as an export table of the chosen columns. */
export function tableOf<T>(
  columns: readonly TableColumn<T>[],
  stream: RowStream<T>,
  chosen: readonly string[] | undefined
): ExportTable {
  const selected = selectColumns(columns, chosen)
  const readers = selected.map((column) => column.value)
  const width = readers.length
  async function* cells(): AsyncGenerator<readonly unknown[], void, undefined> {
    for await (const row of stream.rows) {
      const cells = new Array<unknown>(width)
      for (let i = 0; i < width; i++) cells[i] = (readers[i] as (row: T) => unknown)(row)
      yield cells
    }
  }
  return { headers: selected.map((column) => column.header), rows: cells(), notes: stream.notes }
}

/** Rows already in memory (a flows or overview result: bounded by the query) as a row stream. */
export function arrayRowStream<T>(rows: readonly T[], notes: string[] = []): RowStream<T> {
  return { rows: arrayRows(rows), notes }
}

/** The public part of columns (for the dialog). */
export function describeColumns<T>(columns: readonly TableColumn<T>[]): ExportColumn[] {
  return columns.map(({ key, header }) => ({ key, header }))
}

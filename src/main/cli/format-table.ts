import { EJSON, ObjectId } from 'bson'
import { stringify } from 'csv-stringify/sync'
import { csvStringifyOptions } from '../export/csv-stringifier'

/** A result flattened to rows for `--format csv|table`: column names and one array per row. */
export interface Table {
  columns: string[]
  rows: unknown[][]
  /**
   * How `--format table` shows the cells of a column for people (`76.1 %`, `1 min 54 s`), by
   * column name; CSV keeps the raw values. Null and undefined cells show as `-` whatever this says.
   */
  display?: Record<string, (value: unknown) => string>
}

/** Relaxed Extended JSON, pretty: dates and ObjectIds survive, as the wire format does. */
export function formatJson(value: unknown): string {
  return `${EJSON.stringify(value, undefined, 2, { relaxed: true })}\n`
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (value instanceof ObjectId) return value.toHexString()
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value)
  }
  return EJSON.stringify(value, { relaxed: true })
}

/**
 * The table as CSV, written by csv-stringify with the same options as every export (RFC 4180,
 * CRLF, ISO dates, hex ids, the formula guard); results printed here are small, so all at once.
 */
export function formatCsv(table: Table): string {
  return stringify(
    table.rows,
    csvStringifyOptions(table.columns, { bom: false, formulaGuard: true })
  )
}

/** Aligned columns for a terminal: numbers right-aligned, empty cells shown as `-`. */
export function formatTextTable(table: Table): string {
  const shows = table.columns.map((column) => table.display?.[column])
  const texts = table.rows.map((row) =>
    row.map((cell, index) => {
      const show = shows[index]
      return show && cell !== null && cell !== undefined ? show(cell) : tableCellText(cell)
    })
  )
  const numeric = table.columns.map((_, index) =>
    table.rows.every((row) => row[index] === null || typeof row[index] === 'number')
  )
  const widths = table.columns.map((column, index) =>
    Math.max(column.length, ...texts.map((row) => (row[index] ?? '').length))
  )
  const pad = (text: string, index: number): string =>
    numeric[index] ? text.padStart(widths[index] ?? 0) : text.padEnd(widths[index] ?? 0)
  const render = (cells: string[]): string =>
    cells
      .map((cell, index) => pad(cell, index))
      .join('  ')
      .trimEnd()
  const rule = widths.map((width) => '-'.repeat(width)).join('  ')
  return [render(table.columns), rule, ...texts.map(render)].join('\n') + '\n'
}

function tableCellText(value: unknown): string {
  if (value === null || value === undefined) return '-'
  if (typeof value === 'number' && !Number.isInteger(value)) {
    return String(Math.round(value * 10_000) / 10_000)
  }
  return cellText(value)
}

import { stringify, type Options, type Stringifier } from 'csv-stringify'
import { booleanCell, dateCell, objectCell } from './csv-cells'

export interface CsvWriteOptions {
  /** A UTF-8 byte order mark first, for Excel. */
  bom: boolean
  /** Neutralise text cells that a spreadsheet would run as a formula (OWASP). */
  formulaGuard: boolean
}

/**
 * csv-stringify's options for every CSV the app writes: RFC 4180 (comma, `"` quoting with doubled
 * quotes, CRLF records, any field holding a comma, quote, CR or LF quoted), the header row, an
 * optional BOM, and OWASP's formula guard: text starting with `=`, `+`, `-`, `@`, tab or CR (and
 * their full-width forms) gets a leading `'`; typed numbers are left alone.
 */
export function csvStringifyOptions(headers: readonly string[], options: CsvWriteOptions): Options {
  return {
    header: true,
    columns: headers.map((header, index) => ({ key: String(index), header })),
    bom: options.bom,
    delimiter: ',',
    quote: '"',
    escape: '"',
    record_delimiter: 'windows',
    // csv-stringify quotes a lone CR or LF only when asked, once the record delimiter is CRLF.
    quote_record_delimiter: true,
    escape_formulas: options.formulaGuard,
    cast: { date: dateCell, boolean: booleanCell, object: objectCell }
  }
}

/** A streaming stringifier: arrays of typed cells in, CSV text out. */
export function createCsvStringifier(
  headers: readonly string[],
  options: CsvWriteOptions
): Stringifier {
  return stringify(csvStringifyOptions(headers, options))
}

import { parse } from 'csv-parse/sync'

/**
 * A CSV file's records as csv-parse (a real RFC 4180 parser) reads them: CRLF records, quoted
 * fields with doubled quotes and line breaks; a leading BOM is dropped.
 */
export function parseCsv(text: string | Buffer): string[][] {
  const records: unknown = parse(text, { record_delimiter: '\r\n', bom: true, relax_quotes: false })
  return records as string[][]
}

import { compilePathReader, discoverColumns } from '../../../export/document-columns'
import type { TableColumn } from '../export-table'

export type RawDocument = Record<string, unknown>

/** Documents read to find a raw collection's columns. */
export const COLUMN_SAMPLE_SIZE = 1000

/** The columns found in some documents, each read by its path. */
export function columnsOf(sample: readonly RawDocument[]): TableColumn<RawDocument>[] {
  return discoverColumns(sample).map((path) => ({
    key: path,
    header: path,
    value: compilePathReader(path)
  }))
}

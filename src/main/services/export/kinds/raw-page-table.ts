import type { DocumentPages } from '../../../engine/row-sources'
import { BsonRecordText } from '../../../export/bson/bson-record-text'
import { columnTrie } from '../../../export/bson/bson-column-trie'
import { ColumnarRows, type CsvRecordBatch } from '../../../export/csv-batch-text'
import { UnlistedFields } from '../../../export/document-columns'
import { selectColumns, type ExportTable, type TableColumn } from '../export-table'
import { COLUMN_SAMPLE_SIZE, columnsOf, type RawDocument } from './document-table-columns'

/**
 * The page path of a server (see `JourneyRowSources.documentPages`): the columns come from the
 * first COLUMN_SAMPLE_SIZE documents of the export's own cursor (the documents the separate
 * sample read would give: same query, same order), so no read runs before the export's; each page
 * of raw BSON documents becomes its records straight from the bytes (`BsonRecordText`: the same
 * bytes as the object path row by row), every document checked for fields the columns lack as
 * `checkedDocuments` does.
 */
export async function rawPageTable(
  source: DocumentPages,
  chosen: readonly string[] | undefined
): Promise<ExportTable> {
  const iterator = source.pages[Symbol.asyncIterator]()
  const first: (readonly Uint8Array[])[] = []
  const sample: RawDocument[] = []
  let ended = false
  let selected: TableColumn<RawDocument>[]
  let columns: TableColumn<RawDocument>[]
  try {
    while (sample.length < COLUMN_SAMPLE_SIZE) {
      const next = await iterator.next()
      if (next.done === true) {
        ended = true
        break
      }
      first.push(next.value)
      for (const bytes of next.value.slice(0, COLUMN_SAMPLE_SIZE - sample.length)) {
        sample.push(source.deserialize(bytes))
      }
    }
    columns = columnsOf(sample)
    selected = selectColumns(columns, chosen)
  } catch (error) {
    await iterator.return?.(undefined)
    throw error
  }
  const unlisted = new UnlistedFields(columns.map((column) => column.key))
  const trie = columnTrie(
    columns.map((column) => column.key),
    selected.map((column) => column.key)
  )
  const readers = selected.map((column) => column.value)
  // Made with the writer's cell formatter, at the first page (the writer's is the same for all).
  let records: BsonRecordText | null = null
  const batchOf = (page: readonly Uint8Array[]): CsvRecordBatch => ({
    length: page.length,
    records(cells) {
      records ??= new BsonRecordText({
        trie,
        readers,
        deserialize: source.deserialize,
        unlisted,
        cells
      })
      return records.records(page)
    }
  })
  const notes = source.notes
  async function* batches(): AsyncGenerator<CsvRecordBatch, void, undefined> {
    try {
      for (const page of first.splice(0)) yield batchOf(page)
      if (!ended) {
        for (;;) {
          const next = await iterator.next()
          if (next.done === true) break
          yield batchOf(next.value)
        }
      }
    } finally {
      // Closes the cursor when the writer stops early (cancel, failure).
      await iterator.return?.(undefined)
    }
    const note = unlisted.note()
    if (note) notes.push(note)
  }
  return {
    headers: selected.map((column) => column.header),
    rows: new ColumnarRows(batches()),
    notes
  }
}

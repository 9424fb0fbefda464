import type { ExportRequestOf } from '../../../../shared/export/export-request'
import type { CallContext } from '../../../../shared/rpc/contract'
import type { JourneyEngine } from '../../../engine/journey-engine'
import type { DocumentBatches, RowStream } from '../../../engine/row-sources'
import { ColumnarRows, type CsvBatch } from '../../../export/csv-batch-text'
import { UnlistedFields } from '../../../export/document-columns'
import { csvFileName, dayOf } from '../export-file-name'
import type { ExportKindDefinition } from '../export-kind'
import { selectColumns, tableOf, type ExportTable, type TableColumn } from '../export-table'
import { COLUMN_SAMPLE_SIZE, columnsOf, type RawDocument } from './document-table-columns'
import { rawPageTable } from './raw-page-table'

type CollectionRequest = ExportRequestOf<'collection'>

async function sampledColumns(
  request: CollectionRequest,
  engine: JourneyEngine,
  context: CallContext
): Promise<TableColumn<RawDocument>[]> {
  return columnsOf(await engine.rowSources.sampleDocuments(request, COLUMN_SAMPLE_SIZE, context))
}

/** The documents, each checked for fields the sampled columns lack (said in a note at the end). */
function checkedDocuments(
  stream: RowStream<RawDocument>,
  columns: readonly TableColumn<RawDocument>[]
): RowStream<RawDocument> {
  const unlisted = new UnlistedFields(columns.map((column) => column.key))
  const notes = stream.notes
  async function* checked(): AsyncGenerator<RawDocument, void, undefined> {
    for await (const document of stream.rows) {
      unlisted.check(document)
      yield document
    }
    const note = unlisted.note()
    if (note) notes.push(note)
  }
  return { rows: checked(), notes }
}

/**
 * The fast path of a columnar engine: batches go to the writer as columns; rows the columns
 * cannot carry become cells here, as `tableOf` makes them. Every document is checked for fields
 * the columns lack, as `checkedDocuments` does (by its shape's leaf paths where it has one).
 */
function batchTable(
  source: DocumentBatches,
  columns: readonly TableColumn<RawDocument>[],
  selected: readonly TableColumn<RawDocument>[]
): ExportTable {
  const unlisted = new UnlistedFields(columns.map((column) => column.key))
  const readers = selected.map((column) => column.value)
  const notes = source.notes
  async function* batches(): AsyncGenerator<CsvBatch, void, undefined> {
    for await (const batch of source.batches) {
      const { leafPaths, documents } = batch
      let whole = 0
      for (let row = 0; row < batch.length; row++) {
        const paths = leafPaths[row]
        if (paths) unlisted.checkLeafPaths(paths)
        else unlisted.check((documents[whole++] as { document: RawDocument }).document)
      }
      yield {
        length: batch.length,
        columns: batch.columns,
        rows: documents.map(({ row, document }) => ({
          row,
          cells: readers.map((read) => read(document))
        }))
      }
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

/** Raw users, sessions or events in a date range, nested fields as `a.b` columns. */
export const collectionExport: ExportKindDefinition<CollectionRequest> = {
  fileName: (request) => {
    const { from, to } = request.range
    const range = from || to ? [from ? dayOf(from) : 'start', to ? dayOf(to) : 'end'] : []
    return csvFileName(request.collection, ...range)
  },
  async columns(request, engine, context) {
    return (await sampledColumns(request, engine, context)).map(({ key, header }) => ({
      key,
      header
    }))
  },
  previewNotes: () => [
    `Columns are the fields of the first ${COLUMN_SAMPLE_SIZE.toLocaleString('en-US')} documents; fields that appear only later are named in the export's warnings.`
  ],
  async open(request, engine, context, chosen) {
    const pages = await engine.rowSources.documentPages?.(request, context)
    if (pages) return rawPageTable(pages, chosen)
    const columns = await sampledColumns(request, engine, context)
    const selected = selectColumns(columns, chosen)
    const batches = await engine.rowSources.documentBatches?.(
      request,
      selected.map((column) => column.key),
      context
    )
    if (batches) return batchTable(batches, columns, selected)
    const stream = await engine.rowSources.documents(request, context)
    return tableOf(columns, checkedDocuments(stream, columns), chosen)
  }
}

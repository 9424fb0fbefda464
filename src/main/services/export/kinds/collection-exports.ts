import type { ExportRequestOf } from '../../../../shared/export/export-request'
import type { CallContext } from '../../../../shared/rpc/contract'
import type { JourneyEngine } from '../../../engine/journey-engine'
import type { RowStream } from '../../../engine/row-sources'
import {
  compilePathReader,
  discoverColumns,
  UnlistedFields
} from '../../../export/document-columns'
import { csvFileName, dayOf } from '../export-file-name'
import type { ExportKindDefinition } from '../export-kind'
import { tableOf, type TableColumn } from '../export-table'

type CollectionRequest = ExportRequestOf<'collection'>
type RawDocument = Record<string, unknown>

/** Documents read to find a raw collection's columns. */
export const COLUMN_SAMPLE_SIZE = 1000

async function sampledColumns(
  request: CollectionRequest,
  engine: JourneyEngine,
  context: CallContext
): Promise<TableColumn<RawDocument>[]> {
  const sample = await engine.rowSources.sampleDocuments(request, COLUMN_SAMPLE_SIZE, context)
  return discoverColumns(sample).map((path) => ({
    key: path,
    header: path,
    value: compilePathReader(path)
  }))
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
    const columns = await sampledColumns(request, engine, context)
    const stream = await engine.rowSources.documents(request, context)
    return tableOf(columns, checkedDocuments(stream, columns), chosen)
  }
}

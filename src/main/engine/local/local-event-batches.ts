import type { CallContext } from '../../../shared/rpc/contract'
import { timeBounds } from '../reducers/scope-filter'
import {
  CELL_ABSENT,
  CELL_IN_VALUES,
  type ColumnCells,
  type DocumentBatch,
  type DocumentsQuery
} from '../row-sources'
import type { DocumentShape } from './columns/document-shapes'
import { decodeId } from './columns/encoded-ids'
import type { EventLayouts } from './event-documents'
import type { LocalDataset } from './local-dataset'
import { IN_EXTRAS } from './metadata-column'
import { WorkTicker } from './work-ticker'

/** Rows per batch: large enough that per-batch costs vanish, small enough to stay in cache. */
export const EVENT_BATCH_ROWS = 2048

/** Fills a column's cell of one row from event i (at load position `load`). */
type CellFiller = (cells: WritableCells, row: number, i: number, load: number) => void

interface WritableCells extends ColumnCells {
  readonly codes: Int32Array
  readonly values: unknown[]
}

/** What a path needs: the pool its codes point into (empty when none) and how to fill a cell. */
interface PathReader {
  pool: readonly unknown[]
  fill: CellFiller
}

const NO_POOL: readonly unknown[] = []

/**
 * The events collection straight from the columns, for exports: the rows `documents` gives (event
 * order, in the range), as batches of the values at `paths`, without rebuilding documents. An
 * event whose fields are all held by columns (the usual case) is read from them; one with extra
 * fields (stored as Extended JSON) is rebuilt whole and handed over as a document. Null when a
 * path asks for something the columns cannot answer alike (a whole `metadata`, inside an id).
 */
export function localEventBatches(
  dataset: LocalDataset,
  query: DocumentsQuery,
  paths: readonly string[],
  context: CallContext
): AsyncGenerator<DocumentBatch, void, undefined> | null {
  if (query.collection !== 'events') return null
  const readers: PathReader[] = []
  for (const path of paths) {
    const reader = pathReader(dataset, path)
    if (!reader) return null
    readers.push(reader)
  }
  return eventBatches(dataset, query, readers, context)
}

async function* eventBatches(
  dataset: LocalDataset,
  query: DocumentsQuery,
  readers: readonly PathReader[],
  context: CallContext
): AsyncGenerator<DocumentBatch, void, undefined> {
  const { fromMs, toMs } = timeBounds(query.range)
  const ranged = query.range.from !== undefined || query.range.to !== undefined
  const { eventTime, eventCount } = dataset
  const layouts = dataset.eventLayouts()
  const { loadIndex, shape, extraOffsets } = layouts
  const leafPathsOf = shapeLeafPaths(layouts.shapes)
  const ticker = new WorkTicker(context, 'Reading events', eventCount)
  let i = 0
  while (i < eventCount) {
    await ticker.tick(i)
    const columns = readers.map((reader): WritableCells => ({
      codes: new Int32Array(EVENT_BATCH_ROWS),
      pool: reader.pool,
      values: new Array<unknown>(EVENT_BATCH_ROWS)
    }))
    const leafPaths = new Array<readonly string[] | null>(EVENT_BATCH_ROWS)
    const documents: { row: number; document: Record<string, unknown> }[] = []
    let row = 0
    for (; i < eventCount && row < EVENT_BATCH_ROWS; i++) {
      if (ranged) {
        const t = eventTime[i] as number
        if (!(t >= fromMs && t < toMs)) continue
      }
      const load = loadIndex[i] as number
      if (extraOffsets[load] !== extraOffsets[load + 1]) {
        // Fields no column holds: the document, rebuilt, is the only faithful source.
        documents.push({
          row,
          document: dataset.eventDocument(i) as unknown as Record<string, unknown>
        })
        leafPaths[row] = null
        for (const cells of columns) cells.codes[row] = CELL_ABSENT
      } else {
        leafPaths[row] = leafPathsOf(shape[load] as number)
        for (let c = 0; c < columns.length; c++) {
          ;(readers[c] as PathReader).fill(columns[c] as WritableCells, row, i, load)
        }
      }
      row++
    }
    if (row === 0) continue
    yield {
      length: row,
      columns: columns.map((cells) => trimmed(cells, row)),
      leafPaths: leafPaths.length === row ? leafPaths : leafPaths.slice(0, row),
      documents
    }
  }
  ticker.throwIfCancelled()
}

function trimmed(cells: WritableCells, length: number): ColumnCells {
  if (cells.codes.length === length) return cells
  return { codes: cells.codes.subarray(0, length), pool: cells.pool, values: cells.values }
}

/**
 * The leaf paths of a document of each shape, as `forEachLeafPath` walks a rebuilt one: the
 * top-level keys in order, `metadata` opened into `metadata.<key>` when it has keys (its values
 * are plain values: anything nested lives in the extras, and such events are rebuilt).
 */
function shapeLeafPaths(shapes: readonly DocumentShape[]): (shape: number) => readonly string[] {
  const known = new Array<readonly string[] | undefined>(shapes.length)
  return (id) => {
    let paths = known[id]
    if (!paths) {
      const layout = shapes[id] as DocumentShape
      const list: string[] = []
      for (const key of layout.keys) {
        if (key === 'metadata' && layout.metadata && layout.metadata.length > 0) {
          for (const inner of layout.metadata) list.push(`metadata.${inner}`)
        } else list.push(key)
      }
      paths = list
      known[id] = paths
    }
    return paths
  }
}

/**
 * How to read a path from the columns of an event with no extra fields: such an event has only
 * the five required fields and a plain `metadata` of plain values, so any other path, or one
 * reaching below a metadata value, reads nothing (as `compilePathReader` would).
 */
function pathReader(dataset: LocalDataset, path: string): PathReader | null {
  const segments = path.split('.')
  const [top = '', key] = segments
  if (segments.length > 1 && REQUIRED_FIELDS.has(top)) return null
  switch (path) {
    case '_id':
      return idReader(dataset.eventLayouts())
    case 'sessionId':
      return pooled(dataset.sessionIds, dataset.eventSession)
    case 'userId':
      return pooled(dataset.userIds, dataset.eventUser)
    case 'eventType':
      return pooled(dataset.eventTypes.values, dataset.eventType)
    case 'timestamp': {
      const { eventTime } = dataset
      return {
        pool: NO_POOL,
        fill: (cells, row, i) => {
          cells.codes[row] = CELL_IN_VALUES
          cells.values[row] = new Date(eventTime[i] as number)
        }
      }
    }
    case 'metadata':
      return null
  }
  if (top !== 'metadata' || key === undefined || segments.length > 2) return absent()
  return metadataReader(dataset, key)
}

const REQUIRED_FIELDS = new Set(['_id', 'sessionId', 'userId', 'eventType', 'timestamp'])

function absent(): PathReader {
  return {
    pool: NO_POOL,
    fill: (cells, row) => {
      cells.codes[row] = CELL_ABSENT
    }
  }
}

function pooled(pool: readonly unknown[], codes: Int32Array): PathReader {
  return {
    pool,
    fill: (cells, row, i) => {
      cells.codes[row] = codes[i] as number
    }
  }
}

function idReader(layouts: EventLayouts): PathReader {
  const { ids, idOffsets } = layouts
  return {
    pool: NO_POOL,
    fill: (cells, row, _i, load) => {
      cells.codes[row] = CELL_IN_VALUES
      cells.values[row] = decodeId(ids, idOffsets[load] as number, idOffsets[load + 1] as number)
    }
  }
}

/**
 * `metadata.<key>`: text values are codes into the column's strings (pages for `pageUrl`), other
 * values (numbers, booleans, null) are values of their own.
 */
function metadataReader(dataset: LocalDataset, key: string): PathReader | null {
  const column = dataset.metadataColumn(key)
  const entryOf = column ? column.entryCursor() : null
  const read = (cells: WritableCells, row: number, load: number): void => {
    const entry = entryOf ? entryOf(load) : -1
    if (entry < 0 || !column) {
      cells.codes[row] = CELL_ABSENT
      return
    }
    const tag = column.tags[entry] as number
    if (tag >= 0) {
      cells.codes[row] = tag
      return
    }
    const value = column.valueOf(entry)
    // IN_EXTRAS never comes here: such an event has extras and is rebuilt whole.
    cells.codes[row] = value === undefined || value === IN_EXTRAS ? CELL_ABSENT : CELL_IN_VALUES
    cells.values[row] = value
  }
  if (key !== 'pageUrl') {
    return {
      pool: column ? column.strings.values : NO_POOL,
      fill: (cells, row, _i, load) => {
        read(cells, row, load)
      }
    }
  }
  // Text page addresses are codes in `pages`; other values of `pageUrl` stay in its column.
  const { eventPage } = dataset
  if (column && column.strings.size > 0) return null
  return {
    pool: dataset.pages.values,
    fill: (cells, row, i, load) => {
      const page = eventPage[i] as number
      if (page >= 0) cells.codes[row] = page
      else read(cells, row, load)
    }
  }
}

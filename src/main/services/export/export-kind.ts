import type { ExportRequest } from '../../../shared/export/export-request'
import type { ExportColumn } from '../../../shared/export/export-results'
import type { CallContext } from '../../../shared/rpc/contract'
import type { JourneyEngine } from '../../engine/journey-engine'
import type { ExportTable } from './export-table'

/**
 * One kind of export: its file name, its columns, and how it opens its rows on an engine. Kinds
 * read through the engine only (row sources for what can grow, array results for what the query
 * bounds), so every engine serves every kind.
 */
export interface ExportKindDefinition<R extends ExportRequest> {
  fileName(request: R): string
  /** The columns, without reading the rows (a raw collection samples its first documents). */
  columns(request: R, engine: JourneyEngine, context: CallContext): Promise<ExportColumn[]>
  /** Notes the dialog shows before the export starts. */
  previewNotes?: (request: R) => string[]
  /** The rows of the chosen columns (all when `chosen` is absent). */
  open(
    request: R,
    engine: JourneyEngine,
    context: CallContext,
    chosen: readonly string[] | undefined
  ): Promise<ExportTable>
}

/** The query part of a request: without its kind and its source. */
export function engineQueryOf<R extends ExportRequest>(request: R): Omit<R, 'kind' | 'source'> {
  const { kind: _kind, source: _source, ...query } = request
  return query
}

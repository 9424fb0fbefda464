import type {
  ExportKind,
  ExportRequest,
  ExportRequestOf
} from '../../../shared/export/export-request'
import type { ExportKindDefinition } from './export-kind'
import { collectionExport } from './kinds/collection-exports'
import {
  caseFileEventsExport,
  caseFileSessionsExport,
  customersExport
} from './kinds/customer-exports'
import { flowEdgesExport, flowUsersExport } from './kinds/flow-exports'
import { funnelUsersExport } from './kinds/funnel-exports'
import { overviewDaysExport, overviewTopPagesExport } from './kinds/overview-exports'

/** Every export kind, by the `kind` of its request. */
const EXPORT_KINDS: { [K in ExportKind]: ExportKindDefinition<ExportRequestOf<K>> } = {
  caseFileEvents: caseFileEventsExport,
  caseFileSessions: caseFileSessionsExport,
  funnelUsers: funnelUsersExport,
  flowEdges: flowEdgesExport,
  flowUsers: flowUsersExport,
  customers: customersExport,
  overviewDays: overviewDaysExport,
  overviewTopPages: overviewTopPagesExport,
  collection: collectionExport
}

/** The definition serving a request's kind. */
export function exportKindOf<R extends ExportRequest>(request: R): ExportKindDefinition<R> {
  return EXPORT_KINDS[request.kind] as unknown as ExportKindDefinition<R>
}

import type { ExportRequestOf } from '../../../../shared/export/export-request'
import type { CustomerEventRow, CustomerRow, CustomerSessionRow } from '../../../engine/row-sources'
import { csvFileName } from '../export-file-name'
import type { ExportKindDefinition } from '../export-kind'
import { describeColumns, tableOf, type TableColumn } from '../export-table'

const EVENT_COLUMNS: TableColumn<CustomerEventRow>[] = [
  { key: 'eventId', header: 'Event id', value: (row) => row.eventId },
  { key: 'sessionId', header: 'Session id', value: (row) => row.sessionId },
  { key: 'time', header: 'Time (UTC)', value: (row) => row.timestamp },
  { key: 'eventType', header: 'Event type', value: (row) => row.eventType },
  { key: 'page', header: 'Page', value: (row) => row.pageUrl },
  { key: 'secondsOnPage', header: 'Time on page (s)', value: (row) => row.duration },
  { key: 'amount', header: 'Amount', value: (row) => row.amount },
  { key: 'currency', header: 'Currency', value: (row) => row.currency },
  { key: 'browser', header: 'Browser', value: (row) => row.browser },
  { key: 'os', header: 'OS', value: (row) => row.os }
]

const SESSION_COLUMNS: TableColumn<CustomerSessionRow>[] = [
  { key: 'sessionId', header: 'Session id', value: (row) => row.sessionId },
  { key: 'startTime', header: 'Start (UTC)', value: (row) => row.startTime },
  { key: 'endTime', header: 'End (UTC)', value: (row) => row.endTime },
  { key: 'browser', header: 'Browser', value: (row) => row.browser },
  { key: 'os', header: 'OS', value: (row) => row.os },
  { key: 'ipAddress', header: 'IP address', value: (row) => row.ipAddress },
  { key: 'events', header: 'Events', value: (row) => row.events },
  { key: 'pageViews', header: 'Page views', value: (row) => row.pageViews },
  { key: 'purchases', header: 'Purchases', value: (row) => row.purchases }
]

const CUSTOMER_COLUMNS: TableColumn<CustomerRow>[] = [
  { key: 'userId', header: 'User id', value: (row) => row.userId },
  { key: 'name', header: 'Name', value: (row) => row.name },
  { key: 'email', header: 'Email', value: (row) => row.email },
  { key: 'createdAt', header: 'Created (UTC)', value: (row) => row.createdAt },
  { key: 'lastActiveAt', header: 'Last active (UTC)', value: (row) => row.lastActiveAt }
]

/** A customer's events, one row each, in event order. */
export const caseFileEventsExport: ExportKindDefinition<ExportRequestOf<'caseFileEvents'>> = {
  fileName: (request) => csvFileName('customer', request.userId, 'events'),
  columns: () => Promise.resolve(describeColumns(EVENT_COLUMNS)),
  async open(request, engine, context, chosen) {
    return tableOf(
      EVENT_COLUMNS,
      await engine.rowSources.customerEvents(request.userId, context),
      chosen
    )
  }
}

/** A customer's sessions, newest first. */
export const caseFileSessionsExport: ExportKindDefinition<ExportRequestOf<'caseFileSessions'>> = {
  fileName: (request) => csvFileName('customer', request.userId, 'sessions'),
  columns: () => Promise.resolve(describeColumns(SESSION_COLUMNS)),
  async open(request, engine, context, chosen) {
    return tableOf(
      SESSION_COLUMNS,
      await engine.rowSources.customerSessions(request.userId, context),
      chosen
    )
  }
}

/** Every customer matching a search, in user id order. */
export const customersExport: ExportKindDefinition<ExportRequestOf<'customers'>> = {
  fileName: (request) => csvFileName('customers', request.text),
  columns: () => Promise.resolve(describeColumns(CUSTOMER_COLUMNS)),
  async open(request, engine, context, chosen) {
    return tableOf(
      CUSTOMER_COLUMNS,
      await engine.rowSources.customers(request.text, context),
      chosen
    )
  }
}

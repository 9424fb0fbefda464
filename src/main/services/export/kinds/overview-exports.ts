import type { ExportRequestOf } from '../../../../shared/export/export-request'
import type { OverviewDay, OverviewResult } from '../../../../shared/journeys/results'
import { csvFileName, dayOf } from '../export-file-name'
import { engineQueryOf, type ExportKindDefinition } from '../export-kind'
import {
  arrayRowStream,
  describeColumns,
  selectColumns,
  tableOf,
  type TableColumn
} from '../export-table'

type TopPage = OverviewResult['topPages'][number]

const DAY_COLUMNS: TableColumn<OverviewDay>[] = [
  { key: 'day', header: 'Day', value: (row) => row.day },
  { key: 'users', header: 'Users', value: (row) => row.users },
  { key: 'sessions', header: 'Sessions', value: (row) => row.sessions },
  { key: 'pageViews', header: 'Page views', value: (row) => row.pageViews },
  { key: 'purchases', header: 'Purchases', value: (row) => row.purchases }
]

/** Chosen as one column; written as one column per currency of the result. */
const REVENUE_KEY = 'revenue'

/** `Revenue EUR`, `Revenue USD`, ...: one column per currency, empty on days without it. */
function revenueColumns(currencies: readonly string[]): TableColumn<OverviewDay>[] {
  return currencies.map((currency) => ({
    key: REVENUE_KEY,
    header: `Revenue ${currency}`,
    value: (row) =>
      row.revenueByCurrency.find((money) => money.currency === currency)?.amount ?? null
  }))
}

/** The chosen day columns, with `revenue` expanded into the result's currencies. */
function dayColumns(
  result: OverviewResult,
  chosen: readonly string[] | undefined
): TableColumn<OverviewDay>[] {
  const plain = selectColumns(
    [...DAY_COLUMNS, { key: REVENUE_KEY, header: '', value: () => null }],
    chosen
  )
  const currencies = result.totals.revenueByCurrency.map((money) => money.currency)
  return plain.flatMap((column) =>
    column.key === REVENUE_KEY ? revenueColumns(currencies) : [column]
  )
}

const TOP_PAGE_COLUMNS: TableColumn<TopPage>[] = [
  { key: 'page', header: 'Page', value: (row) => row.page },
  { key: 'views', header: 'Views', value: (row) => row.views },
  { key: 'users', header: 'Users', value: (row) => row.users }
]

function rangeName(request: ExportRequestOf<'overviewDays' | 'overviewTopPages'>): string[] {
  const { from, to } = request.range
  return [from ? dayOf(from) : 'start', to ? dayOf(to) : 'end']
}

/** The overview's daily table. */
export const overviewDaysExport: ExportKindDefinition<ExportRequestOf<'overviewDays'>> = {
  fileName: (request) => csvFileName('overview', 'days', ...rangeName(request)),
  columns: () =>
    Promise.resolve([
      ...describeColumns(DAY_COLUMNS),
      { key: REVENUE_KEY, header: 'Revenue (one column per currency)' }
    ]),
  async open(request, engine, context, chosen) {
    const result = await engine.overview(engineQueryOf(request), context)
    return tableOf(dayColumns(result, chosen), arrayRowStream(result.days), undefined)
  }
}

/** The overview's top pages. */
export const overviewTopPagesExport: ExportKindDefinition<ExportRequestOf<'overviewTopPages'>> = {
  fileName: (request) => csvFileName('overview', 'top-pages', ...rangeName(request)),
  columns: () => Promise.resolve(describeColumns(TOP_PAGE_COLUMNS)),
  async open(request, engine, context, chosen) {
    const result = await engine.overview(engineQueryOf(request), context)
    return tableOf(TOP_PAGE_COLUMNS, arrayRowStream(result.topPages), chosen)
  }
}

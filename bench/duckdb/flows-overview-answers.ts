import type { DuckDBConnection } from '@duckdb/node-api'
import { compareUtf8 } from '../../src/main/engine/rules/compare-ids'
import { compareFlowEdges, compareFlowNodes } from '../../src/main/engine/rules/flow-order'
import { roundCents } from '../../src/main/engine/rules/money'
import {
  compareDays,
  compareDeviceShares,
  compareTopPages
} from '../../src/main/engine/rules/overview-order'
import type {
  FlowEdge,
  FlowNode,
  FlowResult,
  MoneyAmount,
  OverviewResult
} from '../../src/shared/journeys/results'
import { rowsOf } from './duckdb-load'
import { flowEdgesSql, flowNodesSql, type SqlFlow } from './flows-sql'
import {
  overviewDaysSql,
  overviewDevicesSql,
  overviewRevenueSql,
  overviewTopPagesSql,
  overviewTotalRevenueSql,
  overviewTotalsSql,
  type SqlOverview
} from './overview-sql'

/** Flows answered by DuckDB (the SQL does the work; the rows are ordered as the engines order). */
export async function duckDbFlows(
  connection: DuckDBConnection,
  flow: SqlFlow
): Promise<Omit<FlowResult, 'plan'>> {
  const [nodeRows, edgeRows] = await Promise.all([
    rowsOf(connection, flowNodesSql(flow)),
    rowsOf(connection, flowEdgesSql(flow))
  ])
  const nodes: FlowNode[] = nodeRows.map((row) => ({
    id: `${Number(row.step)}:${String(row.page)}`,
    step: Number(row.step),
    page: String(row.page),
    sessions: Number(row.sessions),
    users: Number(row.users)
  }))
  const forward = flow.direction === 'from'
  const edges: FlowEdge[] = edgeRows.map((row) => {
    const step = Number(row.step)
    const inner = `${step - 1}:${String(row.inner_name)}`
    const outer = `${step}:${String(row.outer_name)}`
    return {
      source: forward ? inner : outer,
      target: forward ? outer : inner,
      sessions: Number(row.sessions),
      users: Number(row.users)
    }
  })
  const sessions = nodes.find((node) => node.step === 0)?.sessions ?? 0
  // The SQL keeps topN pages a step: the engines' 500-node/1,000-edge budget never binds at the
  // benchmark's depth and top N (were it to, the comparison with the engines would say so).
  return {
    nodes: nodes.sort(compareFlowNodes),
    edges: edges.sort(compareFlowEdges),
    sessions,
    keptPerStep: flow.topN
  }
}

/** The overview answered by DuckDB, days in UTC. */
export async function duckDbOverview(
  connection: DuckDBConnection,
  overview: SqlOverview
): Promise<Omit<OverviewResult, 'plan'>> {
  const [days, revenue, totals, totalRevenue, pages, browsers, systems] = await Promise.all([
    rowsOf(connection, overviewDaysSql(overview)),
    rowsOf(connection, overviewRevenueSql(overview)),
    rowsOf(connection, overviewTotalsSql(overview)),
    rowsOf(connection, overviewTotalRevenueSql(overview)),
    rowsOf(connection, overviewTopPagesSql(overview)),
    rowsOf(connection, overviewDevicesSql(overview, 'browser')),
    rowsOf(connection, overviewDevicesSql(overview, 'os'))
  ])
  const money = (rows: Record<string, unknown>[]): MoneyAmount[] =>
    rows
      .map((row) => ({ currency: String(row.currency), amount: roundCents(Number(row.amount)) }))
      .sort((a, b) => compareUtf8(a.currency, b.currency))
  const total = totals[0] ?? {}
  const sessionCount = Number(total.sessions ?? 0)
  const shares = (rows: Record<string, unknown>[]) =>
    rows
      .map((row) => ({
        name: String(row.name),
        sessions: Number(row.sessions),
        share: sessionCount === 0 ? 0 : Number(row.sessions) / sessionCount
      }))
      .sort(compareDeviceShares)
  return {
    days: days
      .map((row) => ({
        day: String(row.day),
        users: Number(row.users),
        sessions: Number(row.sessions),
        pageViews: Number(row.page_views),
        purchases: Number(row.purchases),
        revenueByCurrency: money(revenue.filter((r) => r.day === row.day))
      }))
      .sort((a, b) => compareDays(a.day, b.day)),
    topPages: pages
      .map((row) => ({
        page: String(row.page),
        views: Number(row.views),
        users: Number(row.users)
      }))
      .sort(compareTopPages),
    browsers: shares(browsers),
    operatingSystems: shares(systems),
    totals: {
      users: Number(total.users ?? 0),
      sessions: sessionCount,
      pageViews: Number(total.page_views ?? 0),
      purchases: Number(total.purchases ?? 0),
      revenueByCurrency: money(totalRevenue)
    }
  }
}

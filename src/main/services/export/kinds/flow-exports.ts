import type { ExportRequestOf } from '../../../../shared/export/export-request'
import type { FlowEdge, FlowResult } from '../../../../shared/journeys/results'
import type { CallContext } from '../../../../shared/rpc/contract'
import type { JourneyEngine } from '../../../engine/journey-engine'
import type { FlowUserRow, FlowUsersRowsQuery, RowStream } from '../../../engine/row-sources'
import { csvFileName } from '../export-file-name'
import { engineQueryOf, type ExportKindDefinition } from '../export-kind'
import { arrayRowStream, describeColumns, tableOf, type TableColumn } from '../export-table'

/** An edge of a flows result with its nodes' steps and pages. */
interface FlowEdgeRow {
  step: number
  fromPage: string
  toPage: string
  sessions: number
  users: number
}

const EDGE_COLUMNS: TableColumn<FlowEdgeRow>[] = [
  { key: 'step', header: 'Step', value: (row) => row.step },
  { key: 'fromPage', header: 'From page', value: (row) => row.fromPage },
  { key: 'toPage', header: 'To page', value: (row) => row.toPage },
  { key: 'sessions', header: 'Sessions', value: (row) => row.sessions },
  { key: 'users', header: 'Users', value: (row) => row.users }
]

const FLOW_USER_COLUMNS: TableColumn<FlowUserRow>[] = [
  { key: 'userId', header: 'User id', value: (row) => row.userId },
  { key: 'sessions', header: 'Sessions', value: (row) => row.sessionIds.length },
  { key: 'sessionIds', header: 'Session ids', value: (row) => row.sessionIds }
]

/**
 * The edges in the result's order. `step` is the step of the edge's far end from the chosen page
 * (edges always point forward in time, so in a `to` flow that is the source).
 */
export function flowEdgeRows(result: Pick<FlowResult, 'nodes' | 'edges'>): FlowEdgeRow[] {
  const nodes = new Map(result.nodes.map((node) => [node.id, node]))
  const nodeOf = (id: string) => {
    const node = nodes.get(id)
    if (!node) throw new Error(`flows result: edge names an unknown node ${id}`)
    return node
  }
  return result.edges.map((edge: FlowEdge) => {
    const source = nodeOf(edge.source)
    const target = nodeOf(edge.target)
    return {
      step: Math.max(source.step, target.step),
      fromPage: source.page,
      toPage: target.page,
      sessions: edge.sessions,
      users: edge.users
    }
  })
}

/** The edges of a flows result. */
export const flowEdgesExport: ExportKindDefinition<ExportRequestOf<'flowEdges'>> = {
  fileName: (request) => csvFileName('flows', request.direction, request.page, 'edges'),
  columns: () => Promise.resolve(describeColumns(EDGE_COLUMNS)),
  async open(request, engine, context, chosen) {
    const result = await engine.flows(engineQueryOf(request), context)
    return tableOf(EDGE_COLUMNS, arrayRowStream(flowEdgeRows(result)), chosen)
  }
}

/** How many users one page of `journeys.flowUsers` asks for while the export reads them all. */
const FLOW_USERS_PAGE = 500

/**
 * Every user of a flows node or edge, read page by page from `flowUsers` (each page recomputes the
 * flow; a streaming row source per engine replaces this once the engines have one).
 */
function pagedFlowUsers(
  engine: JourneyEngine,
  query: FlowUsersRowsQuery,
  context: CallContext
): RowStream<FlowUserRow> {
  async function* all(): AsyncGenerator<FlowUserRow, void, undefined> {
    let offset = 0
    for (;;) {
      const page = await engine.flowUsers(
        { ...query, users: { offset, limit: FLOW_USERS_PAGE } },
        context
      )
      yield* page.users
      offset += page.users.length
      if (page.users.length === 0 || offset >= page.total) return
    }
  }
  return { rows: all(), notes: [] }
}

/** The users (and their sessions) behind one node or edge of a flows result. */
export const flowUsersExport: ExportKindDefinition<ExportRequestOf<'flowUsers'>> = {
  fileName: (request) =>
    csvFileName(
      'flow',
      request.selection.kind === 'node'
        ? request.selection.id
        : `${request.selection.source}-to-${request.selection.target}`,
      'users'
    ),
  columns: () => Promise.resolve(describeColumns(FLOW_USER_COLUMNS)),
  open(request, engine, context, chosen) {
    return Promise.resolve(
      tableOf(FLOW_USER_COLUMNS, pagedFlowUsers(engine, engineQueryOf(request), context), chosen)
    )
  }
}

import { Alert, Card, Flex, Space, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import { formatCount } from '../../../../shared/format'
import type { FlowQuery } from '../../../../shared/journeys/query-schemas'
import { QueryStatus } from '../../app/query/QueryStatus'
import { useJourneyQuery } from '../../app/query/use-journey-query'
import { setParams, useRoute } from '../../app/routes/navigation'
import { useScope } from '../../app/scope/use-scope'
import { EmptyState } from '../../components/EmptyState'
import { GraphCanvas } from '../../components/graph/GraphCanvas'
import { GRAPH_LIMITS } from '../../components/graph/graph-model'
import { ExportButton } from '../../components/export/ExportButton'
import { ShowQueryButton } from '../../components/show-query/ShowQueryButton'
import { describeFlowFolding } from './describe-flow-folding'
import { describeFlowSelection } from './describe-flow-selection'
import { FlowControls } from './FlowControls'
import { flowEdgeId, flowGraphModel } from './flow-graph-model'
import {
  flowSelectionParams,
  flowViewParams,
  readFlowViewState,
  type FlowViewState
} from './flow-view-state'
import { FlowUsersPanel } from './FlowUsersPanel'

/**
 * The graph opens no smaller than this (12 px labels read at 10 px); a wider one opens at the
 * chosen page's side, to be panned. Its frame grows with the columns' height, within limits.
 */
const READABLE_ZOOM = 0.85

/**
 * Site flows: what sessions do after (or before) a page, step by step, as a layered graph. A node
 * or an edge lists its users, each opening their case file. All of it lives in the route.
 */
export default function FlowsScreen() {
  const route = useRoute()
  const { scope } = useScope()
  const state = useMemo(() => readFlowViewState(route.params), [route.params])
  const query = useMemo<FlowQuery | null>(
    () =>
      state.page === null
        ? null
        : {
            ...scope,
            page: state.page,
            direction: state.direction,
            depth: state.depth,
            topN: state.topN
          },
    [scope, state.page, state.direction, state.depth, state.topN]
  )
  const flows = useJourneyQuery('flows', query)
  const result = flows.result
  const graph = useMemo(
    () => (result ? flowGraphModel(result, state.direction) : null),
    [result, state.direction]
  )

  // Against the top N this result was asked with: an older one on screen while another loads
  // (another top N) says only what it kept.
  const folding = result
    ? describeFlowFolding(
        result.keptPerStep,
        flows.resultKey === flows.wantedKey ? state.topN : result.keptPerStep
      )
    : null

  const change = (patch: Partial<FlowViewState>) => {
    setParams(flowViewParams({ ...state, ...patch }))
  }
  const selection = state.selection
  const described =
    selection && graph ? describeFlowSelection(selection, graph.nodesById, graph.edgesById) : null
  const selectedNodeId = selection?.kind === 'node' ? selection.id : null
  const selectedEdgeId = selection?.kind === 'edge' ? flowEdgeId(selection) : null

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <FlowControls state={state} onChange={change} />
      </Card>
      {query === null ? (
        <Card>
          <EmptyState
            title="Choose a page"
            hint="Type or pick a page above (the busiest are suggested) to see where sessions go after it, or switch to “Before a page” to see how they got there."
          />
        </Card>
      ) : (
        <Card
          title={
            state.direction === 'from' ? `After ${state.page ?? ''}` : `Before ${state.page ?? ''}`
          }
          extra={
            <Flex gap={8}>
              <ExportButton
                what="flow edges"
                request={result ? { kind: 'flowEdges', ...query } : null}
              />
              <ShowQueryButton
                what="flows"
                plan={result?.plan}
                tookMs={flows.resultMs}
                source={scope.source}
              />
            </Flex>
          }
        >
          <Flex vertical gap={12}>
            <QueryStatus query={flows} what="flows" />
            {result && graph && result.sessions === 0 && (
              <EmptyState
                title={`No session viewed ${state.page ?? ''} in this scope`}
                hint="Widen the date range or clear the browser and OS filters above, or pick another page (the suggestions list pages that were viewed)."
              />
            )}
            {result && graph && result.sessions > 0 && (
              <>
                <FlowSummary
                  sessions={result.sessions}
                  direction={state.direction}
                  page={state.page ?? ''}
                  other={folding?.other ?? ''}
                />
                {folding?.lowered && (
                  <Alert
                    type="info"
                    showIcon
                    aria-label="Pages folded into (other)"
                    title={folding.lowered.title}
                    description={folding.lowered.hint}
                  />
                )}
                {(graph.omitted.nodes > 0 || graph.omitted.edges > 0) && (
                  <Alert
                    type="warning"
                    showIcon
                    title={`The graph shows the busiest ${formatCount(graph.model.nodes.length)} pages and ${formatCount(graph.model.edges.length)} transitions; ${formatCount(graph.omitted.nodes)} pages and ${formatCount(graph.omitted.edges)} transitions are left out (a graph holds at most ${formatCount(GRAPH_LIMITS.nodes)} and ${formatCount(GRAPH_LIMITS.edges)}).`}
                    description="Lower the steps or the top pages per step to see every one."
                  />
                )}
                <GraphCanvas
                  model={graph.model}
                  layout={graph.layout}
                  miniMap={false}
                  minFitZoom={READABLE_ZOOM}
                  fitAnchor={state.direction === 'from' ? 'start' : 'end'}
                  ariaLabel="Flows graph"
                  height={Math.round(
                    Math.min(760, Math.max(420, graph.layout.height * READABLE_ZOOM + 64))
                  )}
                  selectedNodeId={selectedNodeId}
                  selectedEdgeId={selectedEdgeId}
                  onNodeClick={(id) => {
                    setParams(
                      flowSelectionParams(id === selectedNodeId ? null : { kind: 'node', id })
                    )
                  }}
                  onEdgeClick={(id) => {
                    const edge = graph.edgesById.get(id)
                    if (!edge) return
                    setParams(
                      flowSelectionParams(
                        id === selectedEdgeId
                          ? null
                          : { kind: 'edge', source: edge.source, target: edge.target }
                      )
                    )
                  }}
                />
              </>
            )}
          </Flex>
        </Card>
      )}
      {query !== null && selection !== null && (
        <FlowUsersPanel
          key={JSON.stringify(selection)}
          query={query}
          selection={selection}
          described={described}
          onClose={() => {
            setParams(flowSelectionParams(null))
          }}
        />
      )}
    </Flex>
  )
}

function FlowSummary({
  sessions,
  direction,
  page,
  other
}: {
  sessions: number
  direction: FlowViewState['direction']
  page: string
  /** The legend of `(other)`, with the number of pages a step keeps by name. */
  other: string
}) {
  return (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Typography.Text>
        {formatCount(sessions)} {sessions === 1 ? 'session' : 'sessions'} viewed{' '}
        <Typography.Text code>{page}</Typography.Text>.{' '}
        {direction === 'from'
          ? 'Each column is one page further on; edges are as wide as their sessions.'
          : 'Each column is one page further back; edges are as wide as their sessions.'}{' '}
        Hover for users and shares; click a page or an edge to list its users.
      </Typography.Text>
      <Space size={4} wrap>
        <Tag>page</Tag>
        <Tag variant="outlined" style={{ borderStyle: 'dashed', fontStyle: 'italic' }}>
          {direction === 'from' ? '(exit): session ended' : '(entry): session started'}
        </Tag>
        <Tag variant="outlined" style={{ borderStyle: 'dotted', fontStyle: 'italic' }}>
          {other}
        </Tag>
      </Space>
    </Flex>
  )
}

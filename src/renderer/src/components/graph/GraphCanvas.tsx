import {
  Background,
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  Handle,
  MiniMap,
  Position,
  ReactFlow,
  getBezierPath,
  type Edge,
  type ReactFlowInstance,
  type EdgeProps,
  type Node,
  type NodeProps
} from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { Flex, Spin, Tooltip, Typography, theme } from 'antd'
import {
  createContext,
  memo,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent
} from 'react'
import { useThemeMode } from '../../app/theme/theme-store'
import { labelPoint, roundedPath } from './edge-path'
import { firstViewport } from './first-viewport'
import { layoutGraph, type LayoutDirection } from './elk-layout'
import { toFlowElements, type EdgeData, type NodeData } from './flow-elements'
import type { GraphLayout, GraphModel, Point } from './graph-model'

export interface GraphCanvasProps {
  /** Memoise it (useMemo over a pure mapper): a new model means a new layout. */
  model: GraphModel
  /**
   * A layout the caller computed (memoised with the model), e.g. a flows graph's fixed columns;
   * elkjs is not run then, and edges without a route are drawn as curves.
   */
  layout?: GraphLayout
  /** The minimap in the corner (default on); a graph that fits its frame may do without. */
  miniMap?: boolean
  /**
   * With a given layout: the smallest zoom the first view uses, so that text stays readable. A
   * graph too wide (or tall) for the frame at it opens at its `fitAnchor` side, to be panned.
   */
  minFitZoom?: number
  /** Which side of a graph too wide for its frame the first view shows (default the start). */
  fitAnchor?: 'start' | 'end'
  /** Accessible name of the graph region. */
  ariaLabel: string
  direction?: LayoutDirection
  height?: number | string
  selectedNodeId?: string | null
  selectedEdgeId?: string | null
  onNodeClick?: (id: string) => void
  onEdgeClick?: (id: string) => void
}

/**
 * The caller's click handlers, for what React Flow does not route to them: a click on an edge's
 * count label, and Enter or Space on a focused node or label (React Flow's own keyboard selection
 * is off with the selection).
 */
interface GraphClicks {
  onNodeClick?: (id: string) => void
  onEdgeClick?: (id: string) => void
}
const GraphClickContext = createContext<GraphClicks>({})

/** Enter or Space on a focused element acts as a click, as on a button. */
function onActivate(act: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return
    event.preventDefault()
    act()
  }
}

const NODE_TYPES = { journey: memo(JourneyNode) }
const EDGE_TYPES = { routed: memo(RoutedEdge) }

/**
 * A graph laid out by elkjs's layered algorithm and drawn by React Flow, with zoom, pan, a minimap
 * and fit view. Nodes and edges are clickable; the selected one is highlighted, its neighbours kept
 * bright and the rest dimmed.
 */
export function GraphCanvas({
  model,
  layout: givenLayout,
  miniMap = true,
  minFitZoom,
  fitAnchor = 'start',
  ariaLabel,
  direction = 'RIGHT',
  height = 420,
  selectedNodeId = null,
  selectedEdgeId = null,
  onNodeClick,
  onEdgeClick
}: GraphCanvasProps) {
  const mode = useThemeMode()
  const { token } = theme.useToken()
  const [laidOut, setLaidOut] = useState<{ model: GraphModel; layout: GraphLayout } | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const frameRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (givenLayout) return
    let current = true
    setFailed(null)
    layoutGraph(model, direction).then(
      (layout) => {
        if (current) setLaidOut({ model, layout })
      },
      (error: unknown) => {
        if (current) setFailed(error instanceof Error ? error.message : String(error))
      }
    )
    return () => {
      current = false
    }
  }, [model, direction, givenLayout])

  const layout = givenLayout ?? (laidOut?.model === model ? laidOut.layout : null)
  // On whether there is a handler, not on the handler: callers may pass a new one each render.
  const clickableNodes = onNodeClick !== undefined
  const { nodes, edges } = useMemo(
    () =>
      layout
        ? toFlowElements(model, layout, {
            direction,
            selectedNodeId,
            selectedEdgeId,
            clickableNodes
          })
        : { nodes: [], edges: [] },
    [model, layout, direction, selectedNodeId, selectedEdgeId, clickableNodes]
  )
  const clicks = useMemo<GraphClicks>(
    () => ({ onNodeClick, onEdgeClick }),
    [onNodeClick, onEdgeClick]
  )

  return (
    <div
      ref={frameRef}
      role="region"
      aria-label={ariaLabel}
      aria-busy={layout === null}
      style={{
        height,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        overflow: 'hidden'
      }}
    >
      {failed ? (
        <Flex justify="center" align="center" style={{ height: '100%' }}>
          <Typography.Text type="danger">The graph could not be laid out: {failed}</Typography.Text>
        </Flex>
      ) : !layout ? (
        <Flex justify="center" align="center" style={{ height: '100%' }}>
          <Spin />
        </Flex>
      ) : (
        <GraphClickContext.Provider value={clicks}>
          <ReactFlow
            key={String(model.nodes.length) + ':' + String(model.edges.length)}
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            edgeTypes={EDGE_TYPES}
            colorMode={mode}
            {...(givenLayout && minFitZoom !== undefined
              ? {
                  onInit: (flow: ReactFlowInstance<Node<NodeData>, Edge<EdgeData>>) => {
                    const frame = frameRef.current
                    if (!frame) return
                    void flow.setViewport(
                      firstViewport(givenLayout, frame.clientWidth, frame.clientHeight, {
                        minZoom: minFitZoom,
                        anchor: fitAnchor
                      })
                    )
                  }
                }
              : { fitView: true })}
            fitViewOptions={{ padding: 0.15, maxZoom: 1.2, minZoom: 0.5 }}
            minZoom={0.1}
            maxZoom={2.5}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            nodesFocusable={false}
            onlyRenderVisibleElements={nodes.length > 150}
            proOptions={{ hideAttribution: true }}
            onNodeClick={(_, node) => onNodeClick?.(node.id)}
            onEdgeClick={(_, edge) => onEdgeClick?.(edge.id)}
          >
            <Background gap={20} size={1} />
            <Controls showInteractive={false} />
            {miniMap && (
              <MiniMap pannable zoomable nodeStrokeWidth={3} style={{ width: 150, height: 96 }} />
            )}
          </ReactFlow>
        </GraphClickContext.Provider>
      )}
    </div>
  )
}

function JourneyNode({ id, data }: NodeProps<Node<NodeData>>) {
  const { token } = theme.useToken()
  const { onNodeClick } = useContext(GraphClickContext)
  const { node, selected, dimmed, direction, clickable } = data
  const special = node.kind !== 'page'
  const horizontal = direction === 'RIGHT'
  const box = (
    <div
      role={clickable ? 'button' : undefined}
      aria-label={node.ariaLabel ?? node.label}
      aria-pressed={clickable ? selected : undefined}
      tabIndex={clickable && onNodeClick ? 0 : undefined}
      onKeyDown={
        clickable && onNodeClick
          ? onActivate(() => {
              onNodeClick(id)
            })
          : undefined
      }
      data-kind={node.kind}
      style={{
        boxSizing: 'border-box',
        width: '100%',
        height: '100%',
        padding: '6px 10px',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        borderRadius: node.kind === 'page' ? token.borderRadius : 999,
        border: `${selected ? 2 : 1}px ${node.kind === 'other' ? 'dotted' : special ? 'dashed' : 'solid'} ${
          selected ? token.colorPrimary : token.colorBorder
        }`,
        background: selected
          ? token.colorPrimaryBg
          : special
            ? token.colorFillQuaternary
            : token.colorBgContainer,
        boxShadow: selected ? `0 0 0 3px ${token.colorPrimaryBorder}` : token.boxShadowTertiary,
        opacity: dimmed ? 0.35 : 1,
        cursor: clickable ? 'pointer' : 'default',
        color: token.colorText,
        fontSize: 12,
        lineHeight: 1.35,
        textAlign: special ? 'center' : 'left'
      }}
    >
      <span
        style={{
          fontWeight: 600,
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap',
          fontStyle: special ? 'italic' : 'normal'
        }}
      >
        {node.label}
      </span>
      {node.detail && (
        <span style={{ color: token.colorTextSecondary, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          {node.detail}
        </span>
      )}
    </div>
  )
  return (
    <>
      <Handle
        type="target"
        position={horizontal ? Position.Left : Position.Top}
        isConnectable={false}
        style={{ opacity: 0 }}
      />
      {node.title ? <Tooltip title={node.title}>{box}</Tooltip> : box}
      <Handle
        type="source"
        position={horizontal ? Position.Right : Position.Bottom}
        isConnectable={false}
        style={{ opacity: 0 }}
      />
    </>
  )
}

function RoutedEdge(props: EdgeProps<Edge<EdgeData>>) {
  const { token } = theme.useToken()
  const { onEdgeClick } = useContext(GraphClickContext)
  const data = props.data
  if (!data) return null
  const { edge, points, labelAt, strokeWidth, selected, dimmed } = data
  let path: string
  let label: Point
  if (points && points.length >= 2) {
    path = roundedPath(points)
    label = labelAt ?? labelPoint(points)
  } else {
    const [bezier, labelX, labelY] = getBezierPath(props)
    path = bezier
    label = labelAt ?? { x: labelX, y: labelY }
  }
  const color = selected ? token.colorPrimary : token.colorTextQuaternary
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        interactionWidth={Math.max(12, strokeWidth + 8)}
        style={{
          stroke: color,
          strokeWidth,
          opacity: dimmed ? 0.2 : 0.9,
          fill: 'none'
        }}
      />
      {edge.label && (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan"
            title={edge.title}
            role={onEdgeClick ? 'button' : undefined}
            aria-label={onEdgeClick ? (edge.ariaLabel ?? edge.title) : undefined}
            aria-pressed={onEdgeClick ? selected : undefined}
            tabIndex={onEdgeClick ? 0 : undefined}
            onClick={
              onEdgeClick
                ? () => {
                    onEdgeClick(props.id)
                  }
                : undefined
            }
            onKeyDown={
              onEdgeClick
                ? onActivate(() => {
                    onEdgeClick(props.id)
                  })
                : undefined
            }
            style={{
              position: 'absolute',
              cursor: onEdgeClick ? 'pointer' : 'default',
              transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)`,
              pointerEvents: 'all',
              fontSize: 11,
              padding: '0 4px',
              borderRadius: 4,
              background: token.colorBgElevated,
              color: selected ? token.colorPrimary : token.colorTextSecondary,
              border: `1px solid ${token.colorBorderSecondary}`,
              opacity: dimmed ? 0.3 : 1
            }}
          >
            {edge.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  )
}

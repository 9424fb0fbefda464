import type { FlowSelection } from '../../../../shared/journeys/query-schemas'
import type { FlowDirection } from './flow-graph-model'

/** What the Flows screen shows, as its route parameters spell it. */
export interface FlowViewState {
  /** The chosen page; null until the user picks one. */
  page: string | null
  direction: FlowDirection
  depth: number
  topN: number
  /** The node or edge whose users are listed; null when none is. */
  selection: FlowSelection | null
}

export const FLOW_DEFAULTS = { direction: 'from', depth: 5, topN: 8 } as const
export const FLOW_DEPTH = { min: 1, max: 10 } as const
export const FLOW_TOP_N = { min: 1, max: 50 } as const

type Params = Readonly<Record<string, readonly string[] | undefined>>

/**
 * Reads the Flows screen's parameters: `page`, `direction` (`from`|`to`), `depth` (1–10), `top`
 * (1–50), and `node=<id>` or `edge=<source>&edge=<target>`. A value out of range falls back to its
 * default, so a hand-edited link still opens a sensible view.
 */
export function readFlowViewState(params: Params): FlowViewState {
  const page = params.page?.[0]
  const direction = params.direction?.[0] === 'to' ? 'to' : 'from'
  return {
    page: page !== undefined && page.length > 0 ? page : null,
    direction,
    depth: wholeNumberIn(params.depth?.[0], FLOW_DEPTH) ?? FLOW_DEFAULTS.depth,
    topN: wholeNumberIn(params.top?.[0], FLOW_TOP_N) ?? FLOW_DEFAULTS.topN,
    selection: readSelection(params)
  }
}

/** The parameters that write a state; defaults are left out, so links stay short. */
export function flowViewParams(
  state: FlowViewState
): Record<string, string | readonly string[] | null> {
  const { selection } = state
  return {
    page: state.page,
    direction: state.direction === FLOW_DEFAULTS.direction ? null : state.direction,
    depth: state.depth === FLOW_DEFAULTS.depth ? null : String(state.depth),
    top: state.topN === FLOW_DEFAULTS.topN ? null : String(state.topN),
    node: selection?.kind === 'node' ? selection.id : null,
    edge: selection?.kind === 'edge' ? [selection.source, selection.target] : null
  }
}

/** The parameters that change only the selection (a click on a node or edge). */
export function flowSelectionParams(
  selection: FlowSelection | null
): Record<string, string | readonly string[] | null> {
  return {
    node: selection?.kind === 'node' ? selection.id : null,
    edge: selection?.kind === 'edge' ? [selection.source, selection.target] : null
  }
}

function readSelection(params: Params): FlowSelection | null {
  const node = params.node?.[0]
  if (node) return { kind: 'node', id: node }
  const [source, target] = params.edge ?? []
  if (source && target) return { kind: 'edge', source, target }
  return null
}

function wholeNumberIn(
  text: string | undefined,
  bounds: { min: number; max: number }
): number | null {
  if (text === undefined || !/^\d{1,3}$/.test(text)) return null
  const value = Number(text)
  return value >= bounds.min && value <= bounds.max ? value : null
}

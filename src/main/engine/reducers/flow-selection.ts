import { AppError } from '../../../shared/errors'
import type { FlowSelection } from '../../../shared/journeys/query-schemas'
import { FLOW_ENTRY, FLOW_EXIT, FLOW_OTHER } from '../rules/flow-order'
import type { FlowShape } from './flow-path'

/** A shown name at a step of a flow: what a node id (`step:page`) names. */
export interface FlowPosition {
  step: number
  name: string
}

/** `step:page` as a position; null when the id does not start with a step number and a colon. */
export function parseFlowNodeId(id: string): FlowPosition | null {
  const match = /^(\d{1,2}):([\s\S]+)$/.exec(id)
  if (!match) return null
  return { step: Number(match[1]), name: match[2] as string }
}

/**
 * The positions a node (one) or an edge (two, in step order) of a flow names. A node id must be
 * `step:page` with a step of the flow (step 0 being the chosen page); an edge must join consecutive
 * steps pointing forward in time (`from`: step j-1 -> j; `to`: step j -> j-1). Anything else is
 * INVALID_INPUT; a well-formed position that no session has simply selects nobody.
 */
export function resolveFlowSelection(shape: FlowShape, selection: FlowSelection): FlowPosition[] {
  const position = (id: string, role: string): FlowPosition => {
    const parsed = parseFlowNodeId(id)
    if (!parsed || parsed.step > shape.depth) {
      throw new AppError(
        'INVALID_INPUT',
        `The ${role} "${id}" is not a node of this flow: node ids are step:page with a step from 0 to ${shape.depth}.`
      )
    }
    if (parsed.step === 0 && parsed.name !== shape.page) {
      throw new AppError(
        'INVALID_INPUT',
        `The ${role} "${id}" is not a node of this flow: step 0 is the chosen page, "0:${shape.page}".`
      )
    }
    return parsed
  }
  if (selection.kind === 'node') return [position(selection.id, 'node')]
  const source = position(selection.source, 'edge source')
  const target = position(selection.target, 'edge target')
  const forward = shape.direction === 'from'
  const [near, far] = forward ? [source, target] : [target, source]
  if (far.step !== near.step + 1) {
    const example = forward ? '"1:/a" -> "2:/b"' : '"2:/a" -> "1:/b"'
    throw new AppError(
      'INVALID_INPUT',
      `"${selection.source}" -> "${selection.target}" is not an edge of this flow: edges join consecutive steps, pointing forward in time (${example}).`
    )
  }
  return [near, far]
}

/**
 * Whether a session's raw path (walkFlowPath) can be shown at every position once the kept pages
 * are known: a page name must be the raw page there; `(other)` needs a page (not `(exit)` or
 * `(entry)`) there. Decided as sessions stream, so only candidates are kept.
 */
export function pathMayMatch(path: readonly string[], positions: readonly FlowPosition[]): boolean {
  for (const { step, name } of positions) {
    const raw = path[step]
    if (raw === undefined) return false
    if (name === FLOW_OTHER) {
      if (raw === FLOW_EXIT || raw === FLOW_ENTRY) return false
    } else if (raw !== name) {
      return false
    }
  }
  return true
}

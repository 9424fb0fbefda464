import type { FunnelStep } from '../../../shared/journeys/query-schemas'
import { isString, literal, prefixRegex } from './expressions'
import type { Expr } from './pipeline-spec'

/** Bit of the step mask set when the event is an entry by time (`from <= t < to`). */
export const ENTRY_BIT = 10
/** 2^ENTRY_BIT: the step bits are the mask modulo this. */
export const STEP_BITS_MODULUS = 2 ** ENTRY_BIT

interface StepPage {
  kind: 'any' | 'exact' | 'prefix'
  value: string
}

function stepPage(step: FunnelStep): StepPage {
  const url = step.pageUrl
  if (url === undefined) return { kind: 'any', value: '' }
  if (url.endsWith('*')) return { kind: 'prefix', value: url.slice(0, -1) }
  return { kind: 'exact', value: url }
}

/**
 * A query filter that keeps the events matching at least one step (a superset is fine: the mask
 * decides). Prefix pages use an anchored regex, which an index on `metadata.pageUrl` could serve.
 */
export function anyStepFilter(steps: readonly FunnelStep[]): Record<string, unknown> {
  const clauses = steps.map((step) => {
    const page = stepPage(step)
    const clause: Record<string, unknown> = { eventType: step.eventType }
    if (page.kind === 'exact') clause['metadata.pageUrl'] = page.value
    if (page.kind === 'prefix') clause['metadata.pageUrl'] = { $regex: prefixRegex(page.value) }
    return clause
  })
  const unique = [...new Map(clauses.map((c) => [JSON.stringify(c), c])).values()]
  return unique.length === 1 ? (unique[0] as Record<string, unknown>) : { $or: unique }
}

/** Whether the current event matches one step, exactly as the reducers' step matcher decides. */
export function stepMatchExpr(step: FunnelStep): Expr {
  const type = { $eq: ['$eventType', literal(step.eventType)] }
  const page = stepPage(step)
  if (page.kind === 'any') return type
  if (page.kind === 'exact')
    return { $and: [type, { $eq: ['$metadata.pageUrl', literal(page.value)] }] }
  // `$regexMatch` fails on a non-string input, so test the type first ($cond never evaluates both).
  return {
    $and: [
      type,
      {
        $cond: [
          isString('$metadata.pageUrl'),
          { $regexMatch: { input: '$metadata.pageUrl', regex: prefixRegex(page.value) } },
          false
        ]
      }
    ]
  }
}

/**
 * The step mask of the current event: bit k-1 set when it matches step k, and bit `ENTRY_BIT` set
 * when its time is inside the query range (entries must be; later steps may run to `to + window`).
 */
export function stepMaskExpr(steps: readonly FunnelStep[], to: Date | undefined): Expr {
  const terms: Expr[] = steps.map((step, index) => ({
    $cond: [stepMatchExpr(step), 2 ** index, 0]
  }))
  // The $match already keeps `t >= from`; only the upper bound needs testing here.
  terms.push(
    to ? { $cond: [{ $lt: ['$timestamp', literal(to)] }, STEP_BITS_MODULUS, 0] } : STEP_BITS_MODULUS
  )
  return { $add: terms }
}

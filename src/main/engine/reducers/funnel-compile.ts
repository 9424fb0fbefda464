import type { FunnelQuery } from '../../../shared/journeys/query-schemas'
import { funnelShape, type FunnelShape } from './funnel-events'
import { needsNonMatchingEvents, userFunnelReducer, type UserFunnelReducer } from './funnel-modes'
import { timeBounds, type TimeBounds } from './scope-filter'
import { funnelStepLabels } from '../rules/step-labels'
import { compileStepMatcher, type StepMatcher } from './step-matcher'

export type FunnelQueryLike = Pick<
  FunnelQuery,
  'steps' | 'mode' | 'windowSeconds' | 'range' | 'segment' | 'breakdown'
>

/** Everything a funnel needs, compiled once per query. */
export interface CompiledFunnel {
  shape: FunnelShape
  matcher: StepMatcher
  labels: string[]
  reduce: UserFunnelReducer
  /** Whether events matching no step must be fed too (`strict`). */
  keepNonMatching: boolean
  /** Events considered: `from <= t < to + window`. */
  considered: TimeBounds
}

export function compileFunnel(query: FunnelQueryLike): CompiledFunnel {
  const shape = funnelShape(query)
  return {
    shape,
    matcher: compileStepMatcher(query.steps),
    labels: funnelStepLabels(query.steps, query.mode),
    reduce: userFunnelReducer(query.mode),
    keepNonMatching: needsNonMatchingEvents(query.mode),
    considered: timeBounds(query.range, shape.windowMs)
  }
}

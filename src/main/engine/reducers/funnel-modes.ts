import type { FunnelMode } from '../../../shared/journeys/query-schemas'
import { anyFunnelOutcome } from './funnel-any'
import type { FunnelEvents, FunnelShape, UserFunnelOutcome } from './funnel-events'
import { orderedFunnelOutcome } from './funnel-ordered'
import { strictFunnelOutcome } from './funnel-strict'

export type UserFunnelReducer = <S>(
  events: FunnelEvents<S>,
  shape: FunnelShape
) => UserFunnelOutcome<S> | null

const REDUCERS: Record<FunnelMode, UserFunnelReducer> = {
  ordered: orderedFunnelOutcome,
  strict: strictFunnelOutcome,
  any: anyFunnelOutcome
}

/** The per-user reducer of a mode. */
export function userFunnelReducer(mode: FunnelMode): UserFunnelReducer {
  return REDUCERS[mode]
}

/**
 * Whether a mode needs the events that match no step. Only `strict` does (they break chains);
 * the others may skip them, which keeps the buffers small.
 */
export function needsNonMatchingEvents(mode: FunnelMode): boolean {
  return mode === 'strict'
}

/** Which users a funnel-users query selects, by the step and outcome it asks for. */
export interface FunnelUserSelection {
  /** 1-based step. */
  step: number
  outcome: 'reached' | 'dropped'
}

/**
 * `reached`: the user's furthest step is at least `step`; `dropped`: it is exactly `step - 1`
 * (nobody drops at step 1). `furthest` is 0 for a user who never entered.
 */
export function selectsFunnelUser(selection: FunnelUserSelection, furthest: number): boolean {
  return selection.outcome === 'reached'
    ? furthest >= selection.step
    : selection.step >= 2 && furthest === selection.step - 1
}

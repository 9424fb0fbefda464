import type { FunnelMode, FunnelStep } from '../../../shared/journeys/query-schemas'

/** Default label of a step: its event type, plus the page URL when given. */
export function defaultStepLabel(step: FunnelStep): string {
  return step.pageUrl === undefined ? step.eventType : `${step.eventType} ${step.pageUrl}`
}

/** The labels of a funnel's result rows. In `any` mode row k counts users with k distinct steps. */
export function funnelStepLabels(steps: readonly FunnelStep[], mode: FunnelMode): string[] {
  if (mode === 'any') return steps.map((_, index) => `any ${index + 1} of ${steps.length}`)
  // An empty label is no label.
  return steps.map((step) =>
    step.label !== undefined && step.label !== '' ? step.label : defaultStepLabel(step)
  )
}

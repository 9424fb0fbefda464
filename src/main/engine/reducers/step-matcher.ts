import type { FunnelStep } from '../../../shared/journeys/query-schemas'

/** Funnel steps compiled to a test that returns a bit mask: bit k-1 set when the event matches step k. */
export interface StepMatcher {
  readonly stepCount: number
  /** Event types some step names; an event of another type matches nothing. */
  readonly eventTypes: ReadonlySet<string>
  match(eventType: string, pageUrl: unknown): number
}

interface CompiledStep {
  bit: number
  eventType: string
  /** null: any page; otherwise exact URL or prefix. */
  page: string | null
  prefix: boolean
}

/**
 * A step matches when `eventType` is equal and, if the step has `pageUrl`, `metadata.pageUrl` is a
 * string equal to it, or starting with it minus the trailing `*` when it ends in `*`.
 */
export function compileStepMatcher(steps: readonly FunnelStep[]): StepMatcher {
  const compiled: CompiledStep[] = steps.map((step, index) => {
    const url = step.pageUrl
    const prefix = url?.endsWith('*') ?? false
    return {
      bit: 1 << index,
      eventType: step.eventType,
      page: url === undefined ? null : prefix ? url.slice(0, -1) : url,
      prefix
    }
  })
  return {
    stepCount: steps.length,
    eventTypes: new Set(steps.map((s) => s.eventType)),
    match(eventType, pageUrl) {
      let mask = 0
      for (const step of compiled) {
        if (step.eventType !== eventType) continue
        if (step.page !== null) {
          if (typeof pageUrl !== 'string') continue
          if (step.prefix ? !pageUrl.startsWith(step.page) : pageUrl !== step.page) continue
        }
        mask |= step.bit
      }
      return mask
    }
  }
}

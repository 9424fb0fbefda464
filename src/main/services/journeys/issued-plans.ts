import { EJSON } from 'bson'
import type { DataSource } from '../../../shared/journeys/data-source'
import type { QueryPlan, QueryPlanStep } from '../../../shared/journeys/results'

/** How many plan steps are remembered; the oldest are forgotten first. */
const REMEMBERED_STEPS = 2_000

/**
 * The plan steps this service has handed out with its results, per source. Show query's "Explain on
 * the server" may only explain these: a plan the engine built, never a pipeline a caller made up, so
 * no operator the engine does not build reaches a server even as an explain.
 */
export class IssuedPlans {
  private readonly keys = new Set<string>()

  record(source: DataSource, plan: QueryPlan): void {
    for (const step of plan.steps) {
      const key = stepKey(source, step)
      this.keys.delete(key)
      this.keys.add(key)
    }
    while (this.keys.size > REMEMBERED_STEPS) {
      const oldest = this.keys.values().next().value
      if (oldest === undefined) break
      this.keys.delete(oldest)
    }
  }

  issued(source: DataSource, step: QueryPlanStep): boolean {
    return this.keys.has(stepKey(source, step))
  }
}

/**
 * One step as text, fields in a fixed order (validation may reorder an object's keys, never a
 * document's), values as extended JSON so dates and ids compare by value after the wire.
 */
function stepKey(source: DataSource, step: QueryPlanStep): string {
  return EJSON.stringify(
    [
      source,
      step.collection,
      step.operation,
      step.pipeline ?? null,
      step.filter ?? null,
      step.projection ?? null,
      step.sort ?? null,
      step.index ?? null
    ],
    { relaxed: true }
  )
}

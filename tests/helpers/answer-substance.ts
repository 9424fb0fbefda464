import { expect } from 'vitest'

/**
 * How much a query answer found: step-1 users of a funnel, users of a funnel-users page, sessions
 * of a flow, days of an overview, matches of a search, sessions of a case file. Parity tests
 * compare two answers; two empty answers agree too, so each compared answer must have substance.
 */
export function substanceOf(answer: unknown): number {
  const a = answer as {
    steps?: { users: number }[]
    userIds?: unknown[]
    total?: number
    nodes?: unknown[]
    edges?: unknown[]
    sessions?: unknown
    days?: unknown[]
    customers?: unknown[]
    user?: unknown
    users?: unknown[]
    eventTypes?: unknown[]
  }
  if (Array.isArray(a.steps)) return a.steps[0]?.users ?? 0
  if (Array.isArray(a.userIds)) return a.userIds.length
  if (Array.isArray(a.nodes)) return Math.min(Number(a.sessions), a.edges?.length ?? 0)
  if (Array.isArray(a.days)) return a.days.length
  if (Array.isArray(a.customers)) return a.customers.length
  if (a.user !== undefined && Array.isArray(a.sessions)) return a.sessions.length
  if (Array.isArray(a.users)) return a.users.length
  if (Array.isArray(a.eventTypes)) return a.eventTypes.length
  throw new Error('substanceOf: an answer of a kind it does not know')
}

/** The answer found something (see `substanceOf`); `label` names the case in the failure. */
export function expectSubstance(answer: unknown, label?: string): void {
  expect(
    substanceOf(answer),
    label ?? 'an answer that found nothing proves no parity'
  ).toBeGreaterThan(0)
}

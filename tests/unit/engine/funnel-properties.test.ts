import { describe, expect, it } from 'vitest'
import type { EventDocument } from '../../../src/shared/journeys/documents'
import type { FunnelMode } from '../../../src/shared/journeys/query-schemas'
import { compareEvents } from '../../../src/main/engine/rules/event-order'
import { at, event, funnelBoth, funnelQuery, usersPerStep, type Fixture } from './journey-fixture'

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const STEPS = ['A', 'B', 'C']
const WINDOW = 4
const FROM = 2
const TO = 8

/**
 * The furthest step of one user straight from the definitions, by brute force over the user's
 * considered events (in event order): no chains, no sliding windows.
 */
function furthestByDefinition(events: EventDocument[], mode: FunnelMode): number {
  const t = (e: EventDocument) => (e.timestamp.getTime() - at(0).getTime()) / 1000
  const considered = events.filter((e) => t(e) >= FROM && t(e) < TO + WINDOW)
  const isEntry = (e: EventDocument) => t(e) >= FROM && t(e) < TO
  const matches = (e: EventDocument, step: number) => e.eventType === STEPS[step - 1]
  let best = 0
  considered.forEach((first, i) => {
    if (mode === 'any') {
      if (!isEntry(first) || !STEPS.includes(first.eventType)) return
      const seen = new Set<string>()
      for (const e of considered.slice(i)) {
        if (t(e) - t(first) <= WINDOW && STEPS.includes(e.eventType)) seen.add(e.eventType)
      }
      best = Math.max(best, seen.size)
      return
    }
    if (!isEntry(first) || !matches(first, 1)) return
    let reached = 1
    if (mode === 'strict') {
      // The next events, one after another, must match steps 2, 3, ...
      for (let j = i + 1; j < considered.length && reached < STEPS.length; j++) {
        const e = considered[j] as EventDocument
        if (!matches(e, reached + 1) || t(e) - t(first) > WINDOW) break
        reached++
      }
    } else {
      // Ordered: the earliest later match of each step is never worse.
      for (let j = i + 1; j < considered.length && reached < STEPS.length; j++) {
        const e = considered[j] as EventDocument
        if (matches(e, reached + 1) && t(e) - t(first) <= WINDOW) reached++
      }
    }
    best = Math.max(best, reached)
  })
  return best
}

function randomFixture(seed: number): Fixture {
  const next = random(seed)
  const events: EventDocument[] = []
  for (let u = 0; u < 12; u++) {
    const count = Math.floor(next() * 9)
    for (let k = 0; k < count; k++) {
      const type = ['A', 'B', 'C', 'X'][Math.floor(next() * 4)] as string
      // Whole seconds in 0..12, so ties and exact window limits are common.
      const seconds = Math.floor(next() * 13)
      events.push(
        event(
          `e${String(Math.floor(next() * 1e6)).padStart(6, '0')}`,
          `u${u}`,
          `s${u}`,
          type,
          seconds
        )
      )
    }
  }
  return { events }
}

describe('funnel reducers against the definitions', () => {
  for (const mode of ['ordered', 'strict', 'any'] as const) {
    it(`${mode}: furthest steps agree on random users`, async () => {
      for (let seed = 1; seed <= 60; seed++) {
        const fixture = randomFixture(seed * 7919 + mode.length)
        const query = funnelQuery({
          steps: STEPS.map((eventType) => ({ eventType })),
          mode,
          windowSeconds: WINDOW,
          range: { from: at(FROM), to: at(TO) }
        })
        const result = await funnelBoth(fixture, query)
        const expected = [0, 0, 0]
        const byUser = new Map<string, EventDocument[]>()
        for (const e of fixture.events)
          byUser.set(e.userId as string, [...(byUser.get(e.userId as string) ?? []), e])
        for (const userEvents of byUser.values()) {
          const furthest = furthestByDefinition([...userEvents].sort(compareEvents), mode)
          for (let k = 0; k < furthest; k++) expected[k] = (expected[k] as number) + 1
        }
        expect(usersPerStep(result), `seed ${seed}`).toEqual(expected)
      }
    })
  }
})

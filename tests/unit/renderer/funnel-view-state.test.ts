import { describe, expect, it } from 'vitest'
import type { FunnelDefinition } from '../../../src/shared/funnels/funnel-definition'
import {
  funnelViewParams,
  readFunnelViewState
} from '../../../src/renderer/src/features/funnels/funnel-view-state'

type Params = Record<string, string[]>

/** What the route keeps of the parameters (null and empty lists are left out). */
function asRoute(params: ReturnType<typeof funnelViewParams>): Params {
  const route: Params = {}
  for (const [name, value] of Object.entries(params)) {
    if (value === null) continue
    route[name] = typeof value === 'string' ? [value] : [...value]
  }
  return route
}

const definition: FunnelDefinition = {
  steps: [
    { eventType: 'PAGE_VIEW', pageUrl: '/cart' },
    { eventType: 'PAGE_VIEW', pageUrl: '/checkout*' },
    { eventType: 'Order: completed' }
  ],
  mode: 'strict',
  window: { amount: 90, unit: 'm' },
  breakdown: 'browser'
}

describe('funnel view state in the route', () => {
  it('writes a funnel as readable steps and reads the same funnel back', () => {
    const params = funnelViewParams(definition, {
      savedId: 'f1',
      drill: { outcome: 'dropped', step: 3 }
    })
    expect(params).toEqual({
      step: ['PAGE_VIEW:/cart', 'PAGE_VIEW:/checkout*', '{"eventType":"Order: completed"}'],
      mode: 'strict',
      window: '90m',
      by: 'browser',
      saved: 'f1',
      users: 'dropped-3',
      group: null,
      bucket: null
    })
    expect(readFunnelViewState(asRoute(params))).toEqual({
      definition,
      savedId: 'f1',
      drill: { outcome: 'dropped', step: 3 },
      problems: []
    })
  })

  it('writes a breakdown group and a time-to-convert bucket (1-based, as the CLI) and reads them back', () => {
    const drill = { outcome: 'reached' as const, step: 2, group: 'Chrome', bucket: 1 }
    const params = funnelViewParams(definition, { drill })
    expect(params).toMatchObject({ users: 'reached-2', group: 'Chrome', bucket: '2' })
    expect(readFunnelViewState(asRoute(params)).drill).toEqual(drill)
  })

  it('leaves the defaults (ordered, 14 days, no breakdown) out of the link', () => {
    const plain: FunnelDefinition = {
      steps: definition.steps.slice(0, 2),
      mode: 'ordered',
      window: { amount: 14, unit: 'd' }
    }
    const params = funnelViewParams(plain)
    expect(params).toMatchObject({ mode: null, window: null, by: null, saved: null, users: null })
    expect(readFunnelViewState(asRoute(params)).definition).toEqual(plain)
  })

  it('opens nothing, and says why, from a link that cannot run', () => {
    expect(readFunnelViewState({})).toEqual({
      definition: null,
      savedId: null,
      drill: null,
      problems: []
    })
    const oneStep = readFunnelViewState({ step: ['PURCHASE'] })
    expect(oneStep.definition).toBeNull()
    expect(oneStep.problems).toEqual([
      'The funnel in the link cannot run: a funnel needs at least 2 steps'
    ])
    const bad = readFunnelViewState({
      step: ['PAGE_VIEW:/a*b', 'PURCHASE'],
      mode: ['fast'],
      window: ['7w'],
      by: ['city']
    })
    expect(bad.definition).toBeNull()
    expect(bad.problems).toEqual([
      'A step in the link could not be read: "PAGE_VIEW:/a*b": a page may hold "*" only at its end, for a prefix',
      'The mode "fast" in the link is not one of ordered, strict, any',
      'The window "7w" in the link is not one like 7d, 12h or 90m',
      'The breakdown "city" in the link is not one of browser, os'
    ])
  })

  it('ignores a users list that names no step of the funnel', () => {
    const route = asRoute(funnelViewParams(definition))
    expect(readFunnelViewState({ ...route, users: ['dropped-1'] }).drill).toBeNull()
    expect(readFunnelViewState({ ...route, users: ['reached-4'] }).drill).toBeNull()
    expect(readFunnelViewState({ ...route, users: ['reached-1'] }).drill).toEqual({
      outcome: 'reached',
      step: 1
    })
  })
})

import { describe, expect, it } from 'vitest'
import {
  addStep,
  checkFunnelDraft,
  draftFromDefinition,
  moveStep,
  newFunnelDraft,
  removeStep,
  sameDefinition,
  updateStep,
  type FunnelDraft
} from '../../../src/renderer/src/features/funnels/funnel-builder'

function draft(change: Partial<FunnelDraft> = {}): FunnelDraft {
  return {
    steps: [
      { eventType: 'PAGE_VIEW', pageMatch: 'exact', page: '/cart' },
      { eventType: 'PAGE_VIEW', pageMatch: 'prefix', page: '/checkout' },
      { eventType: 'PURCHASE', pageMatch: 'any', page: '/ignored' }
    ],
    mode: 'ordered',
    window: { amount: 3, unit: 'd' },
    breakdown: null,
    ...change
  }
}

describe('funnel builder', () => {
  it('turns a sound draft into a definition: exact page, prefix with *, any page', () => {
    expect(checkFunnelDraft(draft({ breakdown: 'os', mode: 'strict' }))).toEqual({
      ok: true,
      definition: {
        steps: [
          { eventType: 'PAGE_VIEW', pageUrl: '/cart' },
          { eventType: 'PAGE_VIEW', pageUrl: '/checkout*' },
          { eventType: 'PURCHASE' }
        ],
        mode: 'strict',
        window: { amount: 3, unit: 'd' },
        breakdown: 'os'
      }
    })
  })

  it('keeps free-text event names as they are, trimmed', () => {
    const named = updateStep(draft(), 2, { eventType: '  Order Completed ' })
    const check = checkFunnelDraft(named)
    expect(check.ok && check.definition.steps[2]).toEqual({ eventType: 'Order Completed' })
  })

  it('says which step and field is wrong, every problem at once', () => {
    const bad = draft({
      steps: [
        { eventType: '', pageMatch: 'any', page: '' },
        { eventType: 'PAGE_VIEW', pageMatch: 'exact', page: '  ' },
        { eventType: 'PAGE_VIEW', pageMatch: 'exact', page: '/a*' }
      ],
      window: { amount: 367, unit: 'd' }
    })
    expect(checkFunnelDraft(bad)).toEqual({
      ok: false,
      problems: [
        { at: { step: 0, field: 'eventType' }, message: 'Step 1: choose an event' },
        { at: { step: 1, field: 'page' }, message: 'Step 2: type a page, or choose any page' },
        {
          at: { step: 2, field: 'page' },
          message: 'Step 3: a page cannot hold "*"; choose "starts with" for a prefix'
        },
        { at: { field: 'window' }, message: 'The window can be at most 366 days' }
      ]
    })
    const noWindow = checkFunnelDraft(draft({ window: { amount: null, unit: 'h' } }))
    expect(noWindow).toEqual({
      ok: false,
      problems: [{ at: { field: 'window' }, message: 'The window is a whole number, at least 1' }]
    })
  })

  it('holds 2 to 10 steps: adding stops at 10, removing at 2', () => {
    let d = newFunnelDraft()
    expect(d.steps).toHaveLength(2)
    expect(removeStep(d, 0)).toBe(d)
    for (let i = 0; i < 12; i++) d = addStep(d)
    expect(d.steps).toHaveLength(10)
    expect(removeStep(d, 9).steps).toHaveLength(9)
    expect(
      checkFunnelDraft({ ...d, steps: [{ eventType: 'A', pageMatch: 'any', page: '' }] })
    ).toMatchObject({
      ok: false,
      problems: [{ at: { field: 'steps' }, message: 'A funnel has 2 to 10 steps' }]
    })
  })

  it('adds after a step and moves steps up and down', () => {
    const d = addStep(draft(), 0)
    expect(d.steps.map((s) => s.eventType)).toEqual(['PAGE_VIEW', '', 'PAGE_VIEW', 'PURCHASE'])
    const moved = moveStep(draft(), 2, -1)
    expect(moved.steps.map((s) => s.page)).toEqual(['/cart', '/ignored', '/checkout'])
    expect(moveStep(draft(), 0, -1)).toEqual(draft())
  })

  it('reads a definition back into the same draft', () => {
    const check = checkFunnelDraft(draft())
    if (!check.ok) throw new Error('draft should be sound')
    const again = draftFromDefinition(check.definition)
    expect(again.steps[1]).toEqual({
      eventType: 'PAGE_VIEW',
      pageMatch: 'prefix',
      page: '/checkout'
    })
    const second = checkFunnelDraft(again)
    expect(second.ok && sameDefinition(second.definition, check.definition)).toBe(true)
    expect(
      sameDefinition(check.definition, { ...check.definition, window: { amount: 72, unit: 'h' } })
    ).toBe(false)
  })
})

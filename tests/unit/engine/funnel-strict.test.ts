import { describe, expect, it } from 'vitest'
import {
  event,
  funnelBoth,
  funnelQuery,
  medians,
  session,
  usersPerStep,
  type Fixture
} from './journey-fixture'

const ABC = [{ eventType: 'A' }, { eventType: 'B' }, { eventType: 'C' }]
const AB = [{ eventType: 'A' }, { eventType: 'B' }]
const ev = (id: string, u: string, type: string, seconds: number) =>
  event(id, u, `s-${u}`, type, seconds)

describe('strict funnel', () => {
  it('is broken by an interleaved event that matches no step', async () => {
    const fixture: Fixture = {
      events: [ev('e1', 'u1', 'A', 0), ev('e2', 'u1', 'X', 5), ev('e3', 'u1', 'B', 10)]
    }
    expect(
      usersPerStep(await funnelBoth(fixture, funnelQuery({ steps: AB, mode: 'strict' })))
    ).toEqual([1, 0])
    // The same events in ordered mode do convert.
    expect(usersPerStep(await funnelBoth(fixture, funnelQuery({ steps: AB })))).toEqual([1, 1])
  })

  it('follows consecutive events and restarts at a later entry', async () => {
    const fixture: Fixture = {
      events: [
        ev('e1', 'u1', 'A', 0),
        ev('e2', 'u1', 'B', 10),
        ev('e3', 'u1', 'C', 30),
        // u2: A, A, B: the chain starts at the second A, right before B.
        ev('e4', 'u2', 'A', 0),
        ev('e5', 'u2', 'A', 5),
        ev('e6', 'u2', 'B', 10),
        // u3: A, B, B, C: the second B breaks the chain before C.
        ev('e7', 'u3', 'A', 0),
        ev('e8', 'u3', 'B', 1),
        ev('e9', 'u3', 'B', 2),
        ev('e10', 'u3', 'C', 3)
      ]
    }
    const result = await funnelBoth(fixture, funnelQuery({ steps: ABC, mode: 'strict' }))
    expect(usersPerStep(result)).toEqual([3, 3, 1])
    // Step 2 times: u1 10 s, u2 5 s, u3 1 s; step 3: u1 20 s.
    expect(medians(result)).toEqual([null, 5, 20])
  })

  it('ignores events that the segment removes', async () => {
    const fixture: Fixture = {
      sessions: [
        session('s1', 'u1', 0, { browser: 'Chrome' }),
        session('s2', 'u1', 0, { browser: 'Firefox' })
      ],
      events: [
        event('e1', 'u1', 's1', 'A', 0),
        event('e2', 'u1', 's2', 'X', 5),
        event('e3', 'u1', 's1', 'B', 10)
      ]
    }
    const all = await funnelBoth(fixture, funnelQuery({ steps: AB, mode: 'strict' }))
    expect(usersPerStep(all)).toEqual([1, 0])
    const chrome = await funnelBoth(
      fixture,
      funnelQuery({ steps: AB, mode: 'strict', segment: { browsers: ['Chrome'] } })
    )
    expect(usersPerStep(chrome)).toEqual([1, 1])
  })

  it('holds the window from the entry', async () => {
    const query = funnelQuery({ steps: AB, mode: 'strict', windowSeconds: 10 })
    expect(
      usersPerStep(
        await funnelBoth({ events: [ev('e1', 'u1', 'A', 0), ev('e2', 'u1', 'B', 10)] }, query)
      )
    ).toEqual([1, 1])
    expect(
      usersPerStep(
        await funnelBoth({ events: [ev('e1', 'u1', 'A', 0), ev('e2', 'u1', 'B', 10.001)] }, query)
      )
    ).toEqual([1, 0])
  })

  it('keeps the earlier chain when two reach a step with one entry time', async () => {
    // All at one instant, ordered by _id: A(s1) B(s1) A(s2) B(s2). Both chains enter at t = 0, so
    // the first (session s1, Chrome) stays the user's chain, in strict and ordered mode alike.
    const fixture: Fixture = {
      sessions: [
        session('s1', 'u1', 0, { browser: 'Chrome' }),
        session('s2', 'u1', 0, { browser: 'Firefox' })
      ],
      events: [
        event('e1', 'u1', 's1', 'A', 0),
        event('e2', 'u1', 's1', 'B', 0),
        event('e3', 'u1', 's2', 'A', 0),
        event('e4', 'u1', 's2', 'B', 0)
      ]
    }
    for (const mode of ['strict', 'ordered'] as const) {
      const result = await funnelBoth(
        fixture,
        funnelQuery({ steps: AB, mode, breakdown: 'browser' })
      )
      expect(result.breakdown?.map((g) => [g.key, g.steps[1]?.users])).toEqual([['Chrome', 1]])
    }
  })

  it('does not let one event fill two steps', async () => {
    const steps = [{ eventType: 'PAGE_VIEW' }, { eventType: 'PAGE_VIEW', pageUrl: '/p/*' }]
    const pv = (id: string, seconds: number, pageUrl: string) =>
      event(id, 'u1', 's1', 'PAGE_VIEW', seconds, { pageUrl })
    const one = await funnelBoth(
      { events: [pv('e1', 0, '/p/1')] },
      funnelQuery({ steps, mode: 'strict' })
    )
    expect(usersPerStep(one)).toEqual([1, 0])
    const two = await funnelBoth(
      { events: [pv('e1', 0, '/p/1'), pv('e2', 3, '/p/2')] },
      funnelQuery({ steps, mode: 'strict' })
    )
    expect(usersPerStep(two)).toEqual([1, 1])
  })
})

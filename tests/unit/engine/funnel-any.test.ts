import { describe, expect, it } from 'vitest'
import { event, funnelBoth, funnelQuery, medians, usersPerStep } from './journey-fixture'

const ABC = [{ eventType: 'A' }, { eventType: 'B' }, { eventType: 'C' }]
const ev = (id: string, u: string, type: string, seconds: number) =>
  event(id, u, `s-${u}`, type, seconds)

describe('any-order funnel', () => {
  it('counts distinct steps whatever their order, labelled "any k of N"', async () => {
    const result = await funnelBoth(
      {
        events: [
          ev('e1', 'u1', 'C', 0),
          ev('e2', 'u1', 'B', 5),
          ev('e3', 'u1', 'A', 10),
          ev('e4', 'u2', 'B', 0),
          ev('e5', 'u2', 'B', 1), // a repeated step counts once
          ev('e6', 'u3', 'C', 0),
          ev('e7', 'u3', 'A', 40)
        ]
      },
      funnelQuery({ steps: ABC, mode: 'any' })
    )
    expect(result.steps.map((s) => s.label)).toEqual(['any 1 of 3', 'any 2 of 3', 'any 3 of 3'])
    expect(usersPerStep(result)).toEqual([3, 2, 1])
    // Times sorted by event order: u1 0, 5, 10; u3 0, 40.
    expect(medians(result)).toEqual([null, (5 + 40) / 2, 5])
  })

  it('counts an event for every step it matches', async () => {
    const steps = [{ eventType: 'PAGE_VIEW' }, { eventType: 'PAGE_VIEW', pageUrl: '/p/*' }]
    const result = await funnelBoth(
      { events: [event('e1', 'u1', 's1', 'PAGE_VIEW', 7, { pageUrl: '/p/1' })] },
      funnelQuery({ steps, mode: 'any' })
    )
    expect(usersPerStep(result)).toEqual([1, 1])
    expect(medians(result)).toEqual([null, 0])
  })

  it('slides the window and takes the first anchor with the best count', async () => {
    // Window 100 s: from A@0 the window holds A, B (C@120 is 120 s later): 2 steps. From B@50
    // it holds B, C: also 2. The first anchor wins, so step times are 0 and 50.
    const result = await funnelBoth(
      { events: [ev('e1', 'u1', 'A', 0), ev('e2', 'u1', 'B', 50), ev('e3', 'u1', 'C', 120)] },
      funnelQuery({ steps: ABC, mode: 'any', windowSeconds: 100 })
    )
    expect(usersPerStep(result)).toEqual([1, 1, 0])
    expect(medians(result)).toEqual([null, 50, null])
    // One more second of window lets A@0 see all three.
    const wider = await funnelBoth(
      { events: [ev('e1', 'u1', 'A', 0), ev('e2', 'u1', 'B', 50), ev('e3', 'u1', 'C', 120)] },
      funnelQuery({ steps: ABC, mode: 'any', windowSeconds: 120 })
    )
    expect(usersPerStep(wider)).toEqual([1, 1, 1])
  })

  it('needs anchors inside the range; later events only fill the window', async () => {
    // from = 100 s, to = 200 s, window 60 s.
    const range = {
      from: new Date(Date.UTC(2025, 0, 1, 0, 1, 40)),
      to: new Date(Date.UTC(2025, 0, 1, 0, 3, 20))
    }
    const query = funnelQuery({ steps: ABC, mode: 'any', windowSeconds: 60, range })
    const result = await funnelBoth(
      {
        events: [
          // u1: C before the range does not count; A@150 anchors with B@205 (after `to`).
          ev('e1', 'u1', 'C', 90),
          ev('e2', 'u1', 'A', 150),
          ev('e3', 'u1', 'B', 205),
          // u2: only events after `to`: no anchor at all.
          ev('e4', 'u2', 'A', 210),
          ev('e5', 'u2', 'B', 220)
        ]
      },
      query
    )
    expect(usersPerStep(result)).toEqual([1, 1, 0])
    expect(medians(result)).toEqual([null, 55, null])
  })

  it('orders ties by _id: only later events join an anchor', async () => {
    // Both at t = 0; B (e1) comes before A (e2). The anchor B sees A; the anchor A does not see B.
    const result = await funnelBoth(
      { events: [ev('e2', 'u1', 'A', 0), ev('e1', 'u1', 'B', 0)] },
      funnelQuery({ steps: ABC, mode: 'any' })
    )
    expect(usersPerStep(result)).toEqual([1, 1, 0])
  })
})

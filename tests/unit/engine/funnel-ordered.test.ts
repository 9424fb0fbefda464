import { describe, expect, it } from 'vitest'
import {
  event,
  funnelBoth,
  funnelQuery,
  medians,
  session,
  timeToConvert,
  usersPerStep,
  type Fixture
} from './journey-fixture'

const ABC = [{ eventType: 'A' }, { eventType: 'B' }, { eventType: 'C' }]
const AB = [{ eventType: 'A' }, { eventType: 'B' }]
/** One event of user u in session `s-u`. */
const ev = (id: string, u: string, type: string, seconds: number) =>
  event(id, u, `s-${u}`, type, seconds)

describe('ordered funnel', () => {
  it('counts users per furthest step, with conversions and medians', async () => {
    const fixture: Fixture = {
      events: [
        // u1: A, B, C ten seconds apart -> 3
        ev('e01', 'u1', 'A', 0),
        ev('e02', 'u1', 'B', 10),
        ev('e03', 'u1', 'C', 20),
        // u2: A then C without B -> 1
        ev('e04', 'u2', 'A', 0),
        ev('e05', 'u2', 'C', 5),
        // u3: B before A never counts -> 1
        ev('e06', 'u3', 'B', 0),
        ev('e07', 'u3', 'A', 1),
        // u4: nothing that matches -> not in the funnel
        ev('e08', 'u4', 'X', 0)
      ]
    }
    const result = await funnelBoth(fixture, funnelQuery({ steps: ABC }))
    expect(result.steps).toEqual([
      {
        label: 'A',
        users: 3,
        conversionFromStart: 1,
        conversionFromPrevious: 1,
        medianSecondsFromPrevious: null,
        timeToConvert: null
      },
      {
        label: 'B',
        users: 1,
        conversionFromStart: 1 / 3,
        conversionFromPrevious: 1 / 3,
        medianSecondsFromPrevious: 10,
        timeToConvert: timeToConvert({ 'under 1 min': 1 })
      },
      {
        label: 'C',
        users: 1,
        conversionFromStart: 1 / 3,
        conversionFromPrevious: 1,
        medianSecondsFromPrevious: 10,
        timeToConvert: timeToConvert({ 'under 1 min': 1 })
      }
    ])
  })

  it('gives zeros and null medians when nobody enters', async () => {
    const result = await funnelBoth(
      { events: [ev('e1', 'u1', 'B', 0)] },
      funnelQuery({ steps: AB })
    )
    expect(
      result.steps.map((s) => [s.users, s.conversionFromStart, s.conversionFromPrevious])
    ).toEqual([
      [0, 0, 0],
      [0, 0, 0]
    ])
    expect(medians(result)).toEqual([null, null])
    const empty = await funnelBoth({ events: [] }, funnelQuery({ steps: AB }))
    expect(usersPerStep(empty)).toEqual([0, 0])
  })

  it('orders events with one timestamp by _id', async () => {
    // B (e1) sorts before A (e2): A comes later, so B cannot follow it.
    const bFirst = await funnelBoth(
      { events: [ev('e2', 'u1', 'A', 0), ev('e1', 'u1', 'B', 0)] },
      funnelQuery({ steps: AB })
    )
    expect(usersPerStep(bFirst)).toEqual([1, 0])
    // A (e1) sorts before B (e2): step 2 in zero seconds.
    const aFirst = await funnelBoth(
      { events: [ev('e2', 'u1', 'B', 0), ev('e1', 'u1', 'A', 0)] },
      funnelQuery({ steps: AB })
    )
    expect(usersPerStep(aFirst)).toEqual([1, 1])
    expect(medians(aFirst)).toEqual([null, 0])
  })

  it('holds the window inclusive, and not 1 ms past it', async () => {
    const query = funnelQuery({ steps: AB, windowSeconds: 60 })
    const atLimit = await funnelBoth(
      { events: [ev('e1', 'u1', 'A', 0), ev('e2', 'u1', 'B', 60)] },
      query
    )
    expect(usersPerStep(atLimit)).toEqual([1, 1])
    const past = await funnelBoth(
      { events: [ev('e1', 'u1', 'A', 0), ev('e2', 'u1', 'B', 60.001)] },
      query
    )
    expect(usersPerStep(past)).toEqual([1, 0])
  })

  it('keeps the latest entry, which leaves the most of the window', async () => {
    // From A@0 the B@120 is too late (window 100); from A@50 it is 70 s later.
    const result = await funnelBoth(
      { events: [ev('e1', 'u1', 'A', 0), ev('e2', 'u1', 'A', 50), ev('e3', 'u1', 'B', 120)] },
      funnelQuery({ steps: AB, windowSeconds: 100 })
    )
    expect(usersPerStep(result)).toEqual([1, 1])
    expect(medians(result)).toEqual([null, 70])
  })

  it('needs entries inside the range, but lets steps finish within the window after `to`', async () => {
    const range = {
      from: new Date(Date.UTC(2025, 0, 1, 0, 1, 40)),
      to: new Date(Date.UTC(2025, 0, 1, 0, 3, 20))
    }
    // from = 100 s, to = 200 s, window 60 s: steps count until 260 s.
    const query = funnelQuery({ steps: AB, windowSeconds: 60, range })
    const outsideEntry = await funnelBoth(
      { events: [ev('e1', 'u1', 'A', 50), ev('e2', 'u1', 'B', 150)] },
      query
    )
    expect(usersPerStep(outsideEntry)).toEqual([0, 0])
    const laterEntry = await funnelBoth(
      { events: [ev('e1', 'u1', 'A', 50), ev('e2', 'u1', 'A', 120), ev('e3', 'u1', 'B', 150)] },
      query
    )
    expect(usersPerStep(laterEntry)).toEqual([1, 1])
    expect(medians(laterEntry)).toEqual([null, 30])
    const afterTo = await funnelBoth(
      {
        events: [
          ev('e1', 'u1', 'A', 190),
          ev('e2', 'u1', 'B', 245), // after `to`, inside the window
          ev('e3', 'u2', 'A', 190),
          ev('e4', 'u2', 'B', 260), // exactly to + window: outside `t < to + window`
          ev('e5', 'u3', 'A', 200), // at `to`: not an entry
          ev('e6', 'u3', 'B', 210)
        ]
      },
      query
    )
    expect(usersPerStep(afterTo)).toEqual([2, 1])
  })

  it('never lets one event fill two steps of one chain', async () => {
    const steps = [{ eventType: 'PAGE_VIEW' }, { eventType: 'PAGE_VIEW', pageUrl: '/product/*' }]
    const pv = (id: string, seconds: number, pageUrl: string) =>
      event(id, 'u1', 's1', 'PAGE_VIEW', seconds, { pageUrl })
    const one = await funnelBoth({ events: [pv('e1', 0, '/product/1')] }, funnelQuery({ steps }))
    expect(usersPerStep(one)).toEqual([1, 0])
    const two = await funnelBoth(
      { events: [pv('e1', 0, '/product/1'), pv('e2', 5, '/product/2')] },
      funnelQuery({ steps })
    )
    expect(usersPerStep(two)).toEqual([1, 1])
    expect(medians(two)).toEqual([null, 5])
  })

  it('matches page URLs exactly, or by prefix with a trailing *', async () => {
    const steps = [
      { eventType: 'PAGE_VIEW', pageUrl: '/cart' },
      { eventType: 'PAGE_VIEW', pageUrl: '/p/*' }
    ]
    const pv = (id: string, u: string, seconds: number, pageUrl: unknown) =>
      event(id, u, `s-${u}`, 'PAGE_VIEW', seconds, { pageUrl: pageUrl as string })
    const result = await funnelBoth(
      {
        events: [
          pv('e1', 'u1', 0, '/cart'),
          pv('e2', 'u1', 1, '/p/'), // the bare prefix matches
          pv('e3', 'u2', 0, '/cart/'), // not equal to /cart
          pv('e4', 'u3', 0, '/cart'),
          pv('e5', 'u3', 1, '/p'), // lacks the slash of the prefix
          pv('e6', 'u4', 0, '/cart'),
          pv('e7', 'u4', 1, 42) // not a string
        ]
      },
      funnelQuery({ steps })
    )
    expect(usersPerStep(result)).toEqual([3, 1])
    expect(result.steps.map((s) => s.label)).toEqual(['PAGE_VIEW /cart', 'PAGE_VIEW /p/*'])
  })

  it('takes medians exactly: middle value, or mean of the two middle values', async () => {
    const pair = (u: string, delta: number) => [ev(`${u}a`, u, 'A', 0), ev(`${u}b`, u, 'B', delta)]
    const odd = await funnelBoth(
      { events: [...pair('u1', 100), ...pair('u2', 10), ...pair('u3', 20)] },
      funnelQuery({ steps: AB })
    )
    expect(medians(odd)).toEqual([null, 20])
    const even = await funnelBoth(
      { events: [...pair('u1', 100), ...pair('u2', 10), ...pair('u3', 20), ...pair('u4', 30)] },
      funnelQuery({ steps: AB })
    )
    expect(medians(even)).toEqual([null, 25])
  })

  it('breaks down by the device of the entry session', async () => {
    const fixture: Fixture = {
      sessions: [
        session('s1', 'u1', 0, { browser: 'Chrome', os: 'macOS' }),
        session('s2', 'u2', 0, { browser: 'Firefox', os: 'Linux' }),
        session('s3', 'u3', 0, { browser: 'Chrome', os: 'Windows' }),
        session('s5a', 'u5', 0, { browser: 'Chrome' }),
        session('s5b', 'u5', 0, { browser: 'Safari' })
      ],
      events: [
        event('e1', 'u1', 's1', 'A', 0),
        event('e2', 'u1', 's1', 'B', 10),
        event('e3', 'u2', 's2', 'A', 0),
        event('e4', 'u3', 's3', 'A', 0),
        event('e5', 'u4', 's-missing', 'A', 0),
        // u5 enters in Chrome, again later in Safari, then B: the latest entry (Safari) counts.
        event('e6', 'u5', 's5a', 'A', 0),
        event('e7', 'u5', 's5b', 'A', 5),
        event('e8', 'u5', 's5b', 'B', 30)
      ]
    }
    const result = await funnelBoth(fixture, funnelQuery({ steps: AB, breakdown: 'browser' }))
    expect(usersPerStep(result)).toEqual([5, 2])
    expect(result.breakdown?.map((g) => [g.key, g.steps[0]?.users, g.steps[1]?.users])).toEqual([
      ['Chrome', 2, 1],
      ['(unknown)', 1, 0],
      ['Firefox', 1, 0],
      ['Safari', 1, 1]
    ])
    const safari = result.breakdown?.find((g) => g.key === 'Safari')
    expect(safari?.steps[1]?.medianSecondsFromPrevious).toBe(25)
    const byOs = await funnelBoth(fixture, funnelQuery({ steps: AB, breakdown: 'os' }))
    expect(byOs.breakdown?.map((g) => [g.key, g.steps[0]?.users])).toEqual([
      ['(unknown)', 2],
      ['Linux', 1],
      ['Windows', 1],
      ['macOS', 1]
    ])
  })

  it('filters events by the segment before the funnel sees them', async () => {
    const fixture: Fixture = {
      sessions: [
        session('s1', 'u1', 0, { browser: 'Chrome' }),
        session('s2', 'u1', 0, { browser: 'Edge' })
      ],
      events: [
        event('e1', 'u1', 's1', 'A', 0, { plan: 'pro' }),
        event('e2', 'u1', 's2', 'B', 10, { plan: 'pro' }),
        event('e3', 'u2', 's-none', 'A', 0, { plan: 'free' }),
        event('e4', 'u2', 's-none', 'B', 1, { plan: ['pro'] })
      ]
    }
    const chrome = await funnelBoth(
      fixture,
      funnelQuery({ steps: AB, segment: { browsers: ['Chrome'] } })
    )
    expect(usersPerStep(chrome)).toEqual([1, 0])
    const pro = await funnelBoth(
      fixture,
      funnelQuery({ steps: AB, segment: { metadataEquals: [{ key: 'plan', value: 'pro' }] } })
    )
    // u2's array holding "pro" is not the value "pro".
    expect(usersPerStep(pro)).toEqual([1, 1])
  })
})

import { describe, expect, it } from 'vitest'
import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../src/shared/journeys/documents'
import type {
  FunnelMode,
  FunnelQuery,
  FunnelUsersQuery
} from '../../../src/shared/journeys/query-schemas'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import {
  buildFunnelPipeline,
  buildFunnelUsersPipelines,
  funnelResultFromRows,
  funnelUsersFromRows,
  weightedMedianSeconds,
  type FunnelRow
} from '../../../src/main/engine/pipelines'
import { timeToConvert } from '../engine/journey-fixture'
import { runAggregate, type Collections } from './mingo-runner'
import { localEngineOver, testContext } from './parity-data'

const BASE = Date.UTC(2025, 5, 1)
const T = (minutes: number) => new Date(BASE + minutes * 60_000)
const MIN = 60

/**
 * Hand-made users, each showing one rule of docs/query-semantics.md (times in minutes, steps A, B,
 * C, window 10 minutes, range ending at minute 100):
 * u1 latest entry wins (A0 A5 B12 C14), u2 inclusive window (A0 B10 C10m01s), u3 equal times
 * ordered by _id (B then A at 0), u5 entries end at `to` (A95 A101 B103), u6 a foreign event breaks
 * strict (A0 X1 B2), u7 any order counts in `any` (C0 B1 A2), u8 strict stops at X (A0 B1 X2 C3).
 */
function handData(): Collections {
  const sessions: SessionDocument[] = [
    { _id: 'sA', userId: 'u1', startTime: T(0), deviceInfo: { browser: 'Firefox', os: 'Linux' } },
    { _id: 'sB', userId: 'u1', startTime: T(5), deviceInfo: { browser: 'Chrome', os: 'Linux' } },
    { _id: 'sC', userId: 'u2', startTime: T(0), deviceInfo: { browser: 'Chrome', os: 'macOS' } },
    { _id: 'sD', userId: 'u5', startTime: T(95), deviceInfo: { browser: 'Safari', os: 'iOS' } },
    { _id: 'sE', userId: 'u6', startTime: T(0), deviceInfo: { os: 'Android' } },
    { _id: 'sF', userId: 'u7', startTime: T(0), deviceInfo: { browser: 'Safari', os: 'macOS' } },
    { _id: 'sG', userId: 'u8', startTime: T(0), deviceInfo: { browser: 'Chrome', os: 'Windows' } }
  ]
  let n = 0
  const ev = (userId: string, sessionId: string, eventType: string, minutes: number, id?: string) =>
    ({
      _id: id ?? `e${String(++n).padStart(3, '0')}`,
      userId,
      sessionId,
      eventType,
      timestamp: T(minutes)
    }) as EventDocument
  const events = [
    ev('u1', 'sA', 'A', 0),
    ev('u1', 'sB', 'A', 5),
    ev('u1', 'sB', 'B', 12),
    ev('u1', 'sB', 'C', 14),
    ev('u2', 'sC', 'A', 0),
    ev('u2', 'sC', 'B', 10),
    ev('u2', 'sC', 'C', 10 + 1 / 60),
    ev('u3', 'ghost', 'A', 0, 'x-u3-2'),
    ev('u3', 'ghost', 'B', 0, 'x-u3-1'),
    ev('u5', 'sD', 'A', 95),
    ev('u5', 'sD', 'A', 101),
    ev('u5', 'sD', 'B', 103),
    ev('u6', 'sE', 'A', 0),
    ev('u6', 'sE', 'X', 1),
    ev('u6', 'sE', 'B', 2),
    ev('u7', 'sF', 'C', 0),
    ev('u7', 'sF', 'B', 1),
    ev('u7', 'sF', 'A', 2),
    ev('u8', 'sG', 'A', 0),
    ev('u8', 'sG', 'B', 1),
    ev('u8', 'sG', 'X', 2),
    ev('u8', 'sG', 'C', 3)
  ]
  return { users: [], sessions, events }
}

function funnelQuery(mode: FunnelMode, extra: Partial<FunnelQuery> = {}): EngineQuery<FunnelQuery> {
  return {
    range: { to: T(100) },
    segment: {},
    steps: [{ eventType: 'A' }, { eventType: 'B' }, { eventType: 'C' }],
    mode,
    windowSeconds: 10 * MIN,
    ...extra
  }
}

function runFunnel(data: Collections, query: EngineQuery<FunnelQuery>, cap?: number) {
  const spec = buildFunnelPipeline(query, cap === undefined ? {} : { maxEventsPerArray: cap })
  return funnelResultFromRows(query, runAggregate<FunnelRow>(data, spec))
}

const EXPECTED: Record<
  FunnelMode,
  { users: number[]; medians: (number | null)[]; timeToConvert: unknown[] }
> = {
  // Furthest: u1 3, u2 2, u3 1, u5 2, u6 2, u7 1, u8 3. Step 2 delays 7,10,8,2,1 min; step 3: 2,2.
  // Exactly 1 min (60 s) is in `1–5 min`: the lower bound is inclusive.
  ordered: {
    users: [7, 5, 2],
    medians: [null, 7 * MIN, 2 * MIN],
    timeToConvert: [
      null,
      timeToConvert({ '1–5 min': 2, '5–30 min': 3 }),
      timeToConvert({ '1–5 min': 2 })
    ]
  },
  // u1 3, u2 2, u3 1, u5 1 (A101 is no entry and breaks the chain), u6 1, u7 1, u8 2.
  // Step 2 delays 7, 10, 1 min; step 3: 2 min.
  strict: {
    users: [7, 3, 1],
    medians: [null, 7 * MIN, 2 * MIN],
    timeToConvert: [
      null,
      timeToConvert({ '1–5 min': 1, '5–30 min': 2 }),
      timeToConvert({ '1–5 min': 1 })
    ]
  },
  // u1 3, u2 2, u3 2 (B then A at one instant), u5 2, u6 2, u7 3, u8 3.
  // Step 2 delays 7,10,0,8,2,1,1 min -> 2; step 3 delays 2,1,2 min -> 2.
  any: {
    users: [7, 7, 3],
    medians: [null, 2 * MIN, 2 * MIN],
    timeToConvert: [
      null,
      timeToConvert({ 'under 1 min': 1, '1–5 min': 3, '5–30 min': 3 }),
      timeToConvert({ '1–5 min': 3 })
    ]
  }
}

describe('funnel pipeline on hand-made users', () => {
  for (const mode of ['ordered', 'strict', 'any'] as const) {
    it(`${mode}: step counts, conversions and exact medians`, async () => {
      const data = handData()
      const { result, cappedUsers } = runFunnel(data, funnelQuery(mode))
      const expected = EXPECTED[mode]
      expect(cappedUsers).toBe(0)
      expect(result.steps.map((s) => s.users)).toEqual(expected.users)
      expect(result.steps.map((s) => s.medianSecondsFromPrevious)).toEqual(expected.medians)
      expect(result.steps.map((s) => s.timeToConvert)).toEqual(expected.timeToConvert)
      const [first, second, third] = expected.users as [number, number, number]
      expect(result.steps.map((s) => s.conversionFromStart)).toEqual([
        1,
        second / first,
        third / first
      ])
      expect(result.steps.map((s) => s.conversionFromPrevious)).toEqual([
        1,
        second / first,
        third / second
      ])
      const { plan: _plan, ...local } = await (
        await localEngineOver(handData())
      ).funnel(funnelQuery(mode), testContext())
      expect(result).toEqual(local)
    })

    it(`${mode}: breakdown uses the session of the chain's entry event`, async () => {
      const query = funnelQuery(mode, { breakdown: 'browser' })
      const { result } = runFunnel(handData(), query)
      const keys = result.breakdown?.map((group) => group.key)
      // u1's chain enters at A5 (session sB, Chrome), not at A0 (Firefox).
      expect(keys).toContain('Chrome')
      expect(keys).not.toContain('Firefox')
      expect(keys).toContain('(unknown)')
      const { plan: _plan, ...local } = await (
        await localEngineOver(handData())
      ).funnel(query, testContext())
      expect(result).toEqual(local)
    })
  }

  it('labels: custom, default with page, and `any k of N`', () => {
    const steps = [
      { eventType: 'A', label: 'Start' },
      { eventType: 'B', pageUrl: '/x*' }
    ]
    const ordered = runFunnel(handData(), funnelQuery('ordered', { steps })).result
    expect(ordered.steps.map((s) => s.label)).toEqual(['Start', 'B /x*'])
    const any = runFunnel(handData(), funnelQuery('any', { steps })).result
    expect(any.steps.map((s) => s.label)).toEqual(['any 1 of 2', 'any 2 of 2'])
  })

  it('one event never fills two steps of one chain (steps A, A)', () => {
    const steps = [{ eventType: 'A' }, { eventType: 'A' }]
    const result = runFunnel(handData(), funnelQuery('ordered', { steps })).result
    // Only u1 (A0, A5) and u5 (A95, A101: the second A need not be an entry) have two As.
    expect(result.steps.map((s) => s.users)).toEqual([7, 2])
    expect(result.steps[1]?.medianSecondsFromPrevious).toBe(((5 + 6) / 2) * MIN)
  })

  it('caps users with more events than the limit, evaluates their first events, counts them', () => {
    // Cap 3: u1 has 4 matching events (A0 A5 B12 C14) and is evaluated on A0 A5 B12.
    const { result, cappedUsers } = runFunnel(handData(), funnelQuery('ordered'), 3)
    expect(cappedUsers).toBe(1)
    expect(result.steps.map((s) => s.users)).toEqual([7, 5, 1])
    // strict keeps every event: u1 and u8 have 4.
    expect(runFunnel(handData(), funnelQuery('strict'), 3).cappedUsers).toBe(2)
  })

  it('funnel users: reached and dropped, sorted by id, paged, with the total', () => {
    const users = (step: number, outcome: 'reached' | 'dropped', offset = 0, limit = 50) => {
      const query: EngineQuery<FunnelUsersQuery> = {
        ...funnelQuery('ordered'),
        step,
        outcome,
        page: { offset, limit }
      }
      const specs = buildFunnelUsersPipelines(query)
      const { users: listed, ...result } = funnelUsersFromRows(
        runAggregate<{ _id: string }>(handData(), specs.page),
        runAggregate<{ total: number; capped: number }>(handData(), specs.count)
      ).result
      // No user documents here: the listed users have no name or email.
      expect(listed).toEqual(result.userIds.map((userId) => ({ userId, name: null, email: null })))
      return result
    }
    expect(users(2, 'reached')).toEqual({ userIds: ['u1', 'u2', 'u5', 'u6', 'u8'], total: 5 })
    expect(users(2, 'reached', 1, 2)).toEqual({ userIds: ['u2', 'u5'], total: 5 })
    expect(users(3, 'dropped')).toEqual({ userIds: ['u2', 'u5', 'u6'], total: 3 })
    expect(users(2, 'dropped')).toEqual({ userIds: ['u3', 'u7'], total: 2 })
    expect(users(1, 'dropped')).toEqual({ userIds: [], total: 0 })
  })

  it('funnel users come with the name and email of their user document, when non-empty text', () => {
    const data = handData()
    data.users = [
      { _id: 'u1', name: 'Ada Lovelace', email: 'ada@example.com' },
      { _id: 'u2', name: '', email: 'only-mail@example.com' },
      { _id: 'u5', name: ['not', 'text'], email: 42 },
      // Same text, another type: not u6's document.
      { _id: 6, name: 'Six', email: 'six@example.com' }
    ] as unknown as UserDocument[]
    const query: EngineQuery<FunnelUsersQuery> = {
      ...funnelQuery('ordered'),
      step: 2,
      outcome: 'reached',
      page: { offset: 0, limit: 3 }
    }
    const specs = buildFunnelUsersPipelines(query)
    const { result } = funnelUsersFromRows(
      runAggregate<{ _id: string }>(data, specs.page),
      runAggregate<{ total: number; capped: number }>(data, specs.count)
    )
    expect(result).toEqual({
      users: [
        { userId: 'u1', name: 'Ada Lovelace', email: 'ada@example.com' },
        { userId: 'u2', name: null, email: 'only-mail@example.com' },
        { userId: 'u5', name: null, email: null }
      ],
      userIds: ['u1', 'u2', 'u5'],
      total: 5
    })
  })

  it('prefix steps are literal: regex characters in the page are escaped', () => {
    const t = T(0)
    const data: Collections = {
      users: [],
      sessions: [],
      events: [
        {
          _id: 'p1',
          userId: 'a',
          sessionId: 's',
          eventType: 'V',
          timestamp: t,
          metadata: { pageUrl: '/search?q=shoes' }
        },
        {
          _id: 'p2',
          userId: 'b',
          sessionId: 's',
          eventType: 'V',
          timestamp: t,
          metadata: { pageUrl: '/searchXq=shoes' }
        },
        {
          _id: 'p3',
          userId: 'c',
          sessionId: 's',
          eventType: 'V',
          timestamp: t,
          metadata: { pageUrl: 7 }
        },
        {
          _id: 'p4',
          userId: 'd',
          sessionId: 's',
          eventType: 'V',
          timestamp: t,
          metadata: { pageUrl: ['/search?q=x'] }
        },
        { _id: 'p5', userId: 'e', sessionId: 's', eventType: 'W', timestamp: t }
      ] as EventDocument[]
    }
    const query = funnelQuery('ordered', {
      range: {},
      steps: [{ eventType: 'V', pageUrl: '/search?q=*' }, { eventType: 'W' }]
    })
    expect(runFunnel(data, query).result.steps[0]?.users).toBe(1)
    const exact = funnelQuery('ordered', {
      range: {},
      steps: [{ eventType: 'V', pageUrl: '/search?q=x' }, { eventType: 'W' }]
    })
    // An array holding the URL is not the URL.
    expect(runFunnel(data, exact).result.steps[0]?.users).toBe(0)
  })
})

describe('weightedMedianSeconds', () => {
  it('is the middle value, or the mean of the two middle values, of the expanded histogram', () => {
    expect(weightedMedianSeconds(new Map())).toBeNull()
    expect(weightedMedianSeconds(new Map([[3000, 1]]))).toBe(3)
    expect(
      weightedMedianSeconds(
        new Map([
          [1000, 2],
          [5000, 2]
        ])
      )
    ).toBe(3)
    expect(
      weightedMedianSeconds(
        new Map([
          [9000, 1],
          [1000, 3],
          [5000, 1]
        ])
      )
    ).toBe(1)
    expect(
      weightedMedianSeconds(
        new Map([
          [1500, 1],
          [2500, 1]
        ])
      )
    ).toBe(2)
  })
})

import { ObjectId } from 'bson'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateDemoData } from '../../../src/main/data/demo/generate-demo-data'
import type { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import type {
  DocumentId,
  EventDocument,
  SessionDocument
} from '../../../src/shared/journeys/documents'
import type { FunnelStep } from '../../../src/shared/journeys/query-schemas'
import {
  oracleCompareIds,
  oracleFunnel,
  oracleFunnelUsers,
  type OracleData,
  type OracleFunnelQuery
} from '../../oracle/funnel-oracle'
import { callContext, localEngine, T0, type Fixture } from './journey-fixture'

/*
 * The local engine (the reference every strategy is held to) against a brute-force funnel that
 * shares no code with it (tests/oracle/funnel-oracle.ts): on a generated shop, and on random small
 * data sets built to hit the edges (equal timestamps, mixed id types, UTF-8 vs UTF-16 string order,
 * missing sessions, non-string pages, window boundaries, steps that match the same event).
 */

function engineAnswer(result: { plan: unknown }): unknown {
  const { plan: _plan, ...answer } = result
  return answer
}

describe('funnel oracle on a generated shop', () => {
  let data: OracleData & Fixture
  let engine: LocalJourneyEngine

  beforeAll(async () => {
    const bundles = [...generateDemoData({ seed: 31, users: 300 })]
    data = {
      users: bundles.map((b) => b.user),
      sessions: bundles.flatMap((b) => b.sessions),
      events: bundles.flatMap((b) => b.events)
    }
    engine = await localEngine(data)
  }, 120_000)

  const PRODUCT = { eventType: 'PAGE_VIEW', pageUrl: '/product/*' }
  const queries: [string, OracleFunnelQuery][] = [
    [
      'ordered, prefix and exact pages, 7 days',
      {
        steps: [
          PRODUCT,
          { eventType: 'ADD_TO_CART' },
          { eventType: 'PAGE_VIEW', pageUrl: '/cart' },
          { eventType: 'PURCHASE' }
        ],
        mode: 'ordered',
        windowSeconds: 7 * 86400,
        range: {},
        segment: {}
      }
    ],
    [
      'strict, one hour, browser breakdown',
      {
        steps: [
          { eventType: 'PAGE_VIEW', pageUrl: '/cart' },
          { eventType: 'PAGE_VIEW', pageUrl: '/checkout' }
        ],
        mode: 'strict',
        windowSeconds: 3600,
        range: {},
        segment: {},
        breakdown: 'browser'
      }
    ],
    [
      'any, a range and an OS segment, OS breakdown',
      {
        steps: [{ eventType: 'SEARCH' }, PRODUCT, { eventType: 'ADD_TO_CART' }],
        mode: 'any',
        windowSeconds: 2 * 86400,
        range: { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-08-01T00:00:00Z') },
        segment: { operatingSystems: ['Windows', 'iOS', 'Android'] },
        breakdown: 'os'
      }
    ],
    [
      'ordered, a browser segment and labels, the same step twice',
      {
        steps: [
          { eventType: 'PAGE_VIEW', label: 'any page' },
          { eventType: 'PAGE_VIEW', label: '' },
          { eventType: 'PURCHASE', label: 'bought' }
        ],
        mode: 'ordered',
        windowSeconds: 86400,
        range: { from: new Date('2025-01-01T00:00:00Z') },
        segment: { browsers: ['Chrome', 'Safari'] }
      }
    ],
    [
      'strict, metadata pair, prefix',
      {
        steps: [
          { eventType: 'PAGE_VIEW', pageUrl: '/c*' },
          { eventType: 'PAGE_VIEW', pageUrl: '/c*' }
        ],
        mode: 'strict',
        windowSeconds: 1800,
        range: {},
        segment: { metadataEquals: [{ key: 'pageUrl', value: '/cart' }] }
      }
    ]
  ]

  it.each(queries)('%s', async (_label, query) => {
    const expected = oracleFunnel(data, query)
    // Something to agree on: users entered, and some went further.
    expect(expected.steps[0]?.users).toBeGreaterThan(0)
    expect(expected.steps[1]?.users).toBeGreaterThan(0)
    expect(expected.steps[1]?.medianSecondsFromPrevious).not.toBeNull()
    if (query.breakdown) expect(expected.breakdown?.length).toBeGreaterThan(1)
    const actual = engineAnswer(await engine.funnel(query, callContext()))
    expect(actual).toEqual(expected)
  })

  it('lists the same users who reached and dropped at each step', async () => {
    const query = queries[0]?.[1] as OracleFunnelQuery
    for (const [step, outcome] of [
      [1, 'reached'],
      [2, 'dropped'],
      [3, 'reached'],
      [4, 'dropped']
    ] as const) {
      const expected = oracleFunnelUsers(data, query, step, outcome)
      expect(expected.length).toBeGreaterThan(0)
      const page = await engine.funnelUsers(
        { ...query, step, outcome, page: { offset: 0, limit: 500 } },
        callContext()
      )
      expect(page.total).toBe(expected.length)
      expect(page.userIds).toEqual(expected.slice(0, 500))
    }
  })
})

// ---------------------------------------------------------------- random small data sets

/** Ids whose BSON order differs from naive orders: UTF-16 vs UTF-8, numbers, ObjectIds. */
const ID_POOL: DocumentId[] = [
  'a',
  'b',
  'B',
  '\uffff',
  '\u{1F600}',
  'é',
  'u1',
  'u10',
  'u2',
  new ObjectId('000000000000000000000001'),
  new ObjectId('ffffffffffffffffffffffff'),
  new ObjectId('65a1b2c3d4e5f60718293a4b')
]

const STEP_TYPES = ['A', 'B', 'C']

const stepArbitrary: fc.Arbitrary<FunnelStep> = fc
  .record({
    eventType: fc.constantFrom(...STEP_TYPES),
    pageUrl: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('/p', '/p*', '/pq', '/', '/*') }
    ),
    label: fc.constantFrom(undefined, '', 'step')
  })
  .map((step) => {
    const clean: FunnelStep = { eventType: step.eventType }
    if (step.pageUrl !== undefined) clean.pageUrl = step.pageUrl
    if (step.label !== undefined) clean.label = step.label
    return clean
  })

/** Present one time in four. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary })
}

interface RandomCase {
  fixture: Fixture & OracleData
  query: OracleFunnelQuery
}

const randomCase: fc.Arbitrary<RandomCase> = fc
  .record({
    users: fc.uniqueArray(fc.constantFrom('u1', 'u2', 'u3', 'é', '\uffff', '\u{1F600}'), {
      minLength: 1,
      maxLength: 3
    }),
    sessionDevices: fc.array(
      fc.option(
        fc.record(
          {
            browser: fc.oneof(
              fc.constantFrom('Chrome', 'Safari', 'chrome'),
              fc.constant(7 as unknown as string)
            ),
            os: fc.constantFrom('iOS', 'Windows')
          },
          { requiredKeys: [] }
        ),
        { nil: undefined }
      ),
      { minLength: 1, maxLength: 4 }
    ),
    events: fc.array(
      fc.record({
        id: fc.integer({ min: 0, max: ID_POOL.length - 1 }),
        idSalt: fc.integer({ min: 0, max: 3 }),
        user: fc.nat(),
        session: fc.nat(),
        type: fc.constantFrom('A', 'B', 'C', 'A', 'B', 'X'),
        second: fc.integer({ min: 0, max: 8 }),
        page: fc.constantFrom<unknown>('/p', '/pq', '/', undefined, 42, ['/p']),
        referrer: fc.constantFrom<unknown>('g', 1, undefined)
      }),
      { maxLength: 24 }
    ),
    steps: fc.array(stepArbitrary, { minLength: 2, maxLength: 4 }),
    mode: fc.constantFrom('ordered' as const, 'strict' as const, 'any' as const),
    windowSeconds: fc.integer({ min: 1, max: 5 }),
    from: sometimes(fc.integer({ min: 0, max: 6 })),
    span: fc.integer({ min: 1, max: 8 }),
    to: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    browsers: sometimes(fc.constantFrom(['Chrome'], ['Safari', 'chrome'])),
    systems: sometimes(fc.constantFrom(['iOS'])),
    metadata: sometimes(
      fc.constantFrom<{ key: string; value: string | number }[]>(
        [{ key: 'referrer', value: 'g' }],
        [{ key: 'referrer', value: 1 }]
      )
    ),
    breakdown: fc.option(fc.constantFrom('browser' as const, 'os' as const), { nil: undefined })
  })
  .map((r) => {
    // Session s<i> belongs to a user; a session index past the list has no document (missing).
    const sessions: SessionDocument[] = r.sessionDevices.map((device, i) => {
      const session: SessionDocument = {
        _id: `s${i}`,
        userId: r.users[i % r.users.length] as string,
        startTime: new Date(T0)
      }
      if (device) session.deviceInfo = device
      return session
    })
    const seen = new Set<string>()
    const events: EventDocument[] = []
    for (const e of r.events) {
      const base = ID_POOL[e.id] as DocumentId
      const _id =
        typeof base === 'string'
          ? `${base}${'x'.repeat(e.idSalt)}`
          : e.idSalt === 0
            ? base
            : e.idSalt * 1000 + e.id
      const key = typeof _id === 'object' ? `o${_id.toHexString()}` : `${typeof _id}${String(_id)}`
      if (seen.has(key)) continue
      seen.add(key)
      const metadata: Record<string, unknown> = {}
      if (e.page !== undefined) metadata.pageUrl = e.page
      if (e.referrer !== undefined) metadata.referrer = e.referrer
      events.push({
        // Real data has numeric ids too, though the seed's types say string or ObjectId.
        _id: _id as DocumentId,
        userId: r.users[e.user % r.users.length] as string,
        sessionId: `s${e.session % (r.sessionDevices.length + 1)}`,
        eventType: e.type,
        timestamp: new Date(T0 + e.second * 1000),
        metadata: metadata
      })
    }
    const from = r.from === undefined ? undefined : new Date(T0 + r.from * 1000)
    const to = r.to ? new Date(T0 + ((r.from ?? 0) + r.span) * 1000) : undefined
    const query: OracleFunnelQuery = {
      steps: r.steps,
      mode: r.mode,
      windowSeconds: r.windowSeconds,
      range: { ...(from ? { from } : {}), ...(to ? { to } : {}) },
      segment: {
        ...(r.browsers ? { browsers: [...r.browsers] } : {}),
        ...(r.systems ? { operatingSystems: [...r.systems] } : {}),
        ...(r.metadata ? { metadataEquals: r.metadata } : {})
      },
      ...(r.breakdown ? { breakdown: r.breakdown } : {})
    }
    return { fixture: { sessions, events }, query }
  })

describe('funnel oracle on random small data sets', () => {
  it('orders ids as BSON does, by its own means', () => {
    const sorted = [...ID_POOL, 3, -1].sort(oracleCompareIds)
    expect(sorted.slice(0, 2)).toEqual([-1, 3])
    // UTF-8 bytes: U+FFFF (EF BF BF) sorts before U+1F600 (F0 ...), unlike UTF-16 code units.
    expect(sorted.indexOf('\uffff')).toBeLessThan(sorted.indexOf('\u{1F600}'))
    expect(sorted.indexOf('B')).toBeLessThan(sorted.indexOf('a'))
    expect(sorted.at(-1)).toEqual(new ObjectId('ffffffffffffffffffffffff'))
  })

  it('keeps the earlier of two entries at one time in strict mode (seen through the breakdown)', async () => {
    const fixture = {
      sessions: [
        { _id: 's1', userId: 'u1', startTime: new Date(T0), deviceInfo: { browser: 'Chrome' } },
        { _id: 's2', userId: 'u1', startTime: new Date(T0), deviceInfo: { browser: 'Safari' } }
      ],
      events: [
        { _id: 'e1', userId: 'u1', sessionId: 's1', eventType: 'A', timestamp: new Date(T0) },
        { _id: 'e2', userId: 'u1', sessionId: 's2', eventType: 'A', timestamp: new Date(T0) }
      ]
    }
    const query: OracleFunnelQuery = {
      steps: [{ eventType: 'A' }, { eventType: 'B' }],
      mode: 'strict',
      windowSeconds: 60,
      range: {},
      segment: {},
      breakdown: 'browser'
    }
    const expected = oracleFunnel(fixture, query)
    expect(expected.breakdown?.map((group) => group.key)).toEqual(['Chrome'])
    const engine = await localEngine(fixture)
    expect(engineAnswer(await engine.funnel(query, callContext()))).toEqual(expected)
  })

  it('agrees with the local engine: steps, conversions, medians, time to convert, breakdowns', async () => {
    let nonEmpty = 0
    await fc.assert(
      fc.asyncProperty(randomCase, async ({ fixture, query }) => {
        const expected = oracleFunnel(fixture, query)
        if ((expected.steps[1]?.users ?? 0) > 0) nonEmpty++
        const engine = await localEngine(fixture)
        expect(engineAnswer(await engine.funnel(query, callContext()))).toEqual(expected)
        const step = Math.min(2, query.steps.length)
        const users = await engine.funnelUsers(
          { ...query, step, outcome: 'dropped', page: { offset: 0, limit: 50 } },
          callContext()
        )
        expect(users.userIds).toEqual(oracleFunnelUsers(fixture, query, step, 'dropped'))
      }),
      { numRuns: 800, seed: 1130 }
    )
    // The cases reached past step 1 often enough to test the chains, not only entries.
    expect(nonEmpty).toBeGreaterThan(60)
  })
})

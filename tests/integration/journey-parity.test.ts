import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/main/app-paths'
import type { DataSource } from '../../src/shared/journeys/data-source'
import {
  catalogueQuerySchema,
  customerCaseFileSchema,
  customerSearchSchema,
  flowQuerySchema,
  flowUsersQuerySchema,
  funnelQuerySchema,
  funnelUsersQuerySchema,
  overviewQuerySchema
} from '../../src/shared/journeys/query-schemas'
import type { Progress } from '../../src/shared/rpc/contract'
import { JourneysService } from '../../src/main/services/journeys/journeys-service'
import { writeNdjsonFile } from '../../src/main/data/ndjson/ndjson-writer'
import { freeTextNamesData } from '../fixtures/free-text-names'
import { expectSubstance, substanceOf } from '../helpers/answer-substance'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import {
  answerOf,
  callContext,
  generateFolder,
  loadFolder,
  type GeneratedFolder
} from './journey-fixtures'
import { funnelDrills } from '../helpers/funnel-drills'

/*
 * Parity on the integration server (FerretDB here, so the reducer strategy; MongoDB with
 * MONGODB_URI, so the pipeline strategy and, forced, the reducer too): every query and mode must give
 * exactly the local engine's answer on the same generated folder. The main queries run on more than
 * 100,000 events; their variants (segments, breakdowns, ranges, zones, user lists) on a smaller set
 * with ObjectId ids, so BSON ordering of ObjectIds is held to parity as well. FerretDB 1.x reads
 * every event of every query (about 6,000 a second), which is what makes this file slow.
 */

const testDb = useTestDatabase()

interface DataSet {
  data: GeneratedFolder
  folder: DataSource
  server: DataSource
}

let large: DataSet
let small: DataSet
let service: JourneysService
let reducerService: JourneysService | null = null
const figures: Record<string, unknown> = {}

beforeAll(async () => {
  const [largeData, smallData] = await Promise.all([
    generateFolder({ users: 5000, events: 105_000, seed: 2024 }),
    generateFolder({ users: 250, seed: 99, idKind: 'objectId' })
  ])
  const smallDb = testDb.client.db(`${testDb.name}_oid`)
  await Promise.all([
    loadFolder(largeData.folder, testDb.db),
    loadFolder(smallData.folder, smallDb)
  ])
  const uri = testDb.server.uri
  large = {
    data: largeData,
    folder: { kind: 'folder', path: largeData.folder },
    server: { kind: 'uri', uri, database: testDb.name }
  }
  small = {
    data: smallData,
    folder: { kind: 'folder', path: smallData.folder },
    server: { kind: 'uri', uri, database: smallDb.databaseName }
  }
  service = new JourneysService({ demoFolder: largeData.folder, allowUriSources: true })
  const capabilities = await service.capabilities(large.server, callContext())
  if (capabilities.strategy !== 'reducer') {
    reducerService = new JourneysService({
      demoFolder: largeData.folder,
      strategyOverride: 'reducer',
      allowUriSources: true
    })
  }
}, 600_000)

afterAll(async () => {
  await service.close()
  await reducerService?.close()
  await testDb.client.db(`${testDb.name}_oid`).dropDatabase()
  await Promise.all([large.data.remove(), small.data.remove()])
  if (Object.keys(figures).length > 0) {
    // Measurements for the record (vitest keeps console output of passing tests to itself).
    const folder = join(projectRoot(), 'test-results')
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'reducer-throughput.json'), JSON.stringify(figures, null, 2))
  }
})

/** A result without what differs by strategy or by run (its plan, a catalogue's time). */
function comparable(result: { plan: unknown }): unknown {
  const { computedAt: _computedAt, ...rest } = answerOf(result) as Record<string, unknown>
  return rest
}

/**
 * The server's answers (by every MongoDB strategy in play) equal the local engine's, and the local
 * answer found something (two empty answers agree too); `empty` for a query that must find nothing.
 */
async function expectParity<R extends { plan: { strategy: string } }>(
  set: Pick<DataSet, 'folder' | 'server'>,
  run: (service: JourneysService, source: DataSource, progress: Progress[]) => Promise<R>,
  options: { empty?: boolean } = {}
): Promise<{ expected: R; serverSeconds: number; serverProgress: Progress[] }> {
  const expected = await run(service, set.folder, [])
  expect(expected.plan.strategy).toBe('local')
  if (options.empty) expect(substanceOf(expected), 'an answer that must be empty').toBe(0)
  else expectSubstance(expected)
  const serverProgress: Progress[] = []
  const started = performance.now()
  const actual = await run(service, set.server, serverProgress)
  const serverSeconds = (performance.now() - started) / 1000
  expect(comparable(actual)).toEqual(comparable(expected))
  if (testDb.server.flavor === 'FerretDB') expect(actual.plan.strategy).toBe('reducer')
  if (reducerService) {
    const reduced = await run(reducerService, set.server, [])
    expect(reduced.plan.strategy).toBe('reducer')
    expect(comparable(reduced)).toEqual(comparable(expected))
  }
  return { expected, serverSeconds, serverProgress }
}

const RANGE = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-07-01T00:00:00Z') }
const PRODUCT_TO_PURCHASE = [
  { eventType: 'PAGE_VIEW', pageUrl: '/product/*' },
  { eventType: 'ADD_TO_CART' },
  { eventType: 'PAGE_VIEW', pageUrl: '/cart' },
  { eventType: 'PURCHASE' }
]

describe('on more than 100,000 events', () => {
  it('the generated set has them', () => {
    expect(large.data.counts.events).toBeGreaterThanOrEqual(100_000)
  })

  it.each(['ordered', 'strict', 'any'] as const)('funnel, %s mode', async (mode) => {
    const { expected, serverSeconds, serverProgress } = await expectParity(large, (s, source, p) =>
      s.funnel(
        funnelQuerySchema.parse({ source, steps: PRODUCT_TO_PURCHASE, mode }),
        callContext(p)
      )
    )
    expect(expected.steps[0]?.users).toBeGreaterThan(1000)
    expect(expected.steps[1]?.users).toBeGreaterThan(0)
    if (mode !== 'strict') expect(expected.steps[3]?.users).toBeGreaterThan(0)
    const read = serverProgress.filter((p) => p.phase === 'Reading events').at(-1)?.done
    if (read !== undefined) {
      figures[`funnel ${mode}`] = {
        server: `${testDb.server.flavor} ${testDb.server.version}`,
        eventsRead: read,
        seconds: Math.round(serverSeconds * 10) / 10,
        eventsPerSecond: Math.round(read / serverSeconds)
      }
    }
    // strict reads every event (non-matching ones break chains): the full stream.
    if (mode === 'strict' && read !== undefined) expect(read).toBe(large.data.counts.events)
  })

  it.each([
    ['from', '/cart', 5, 8],
    ['to', '/checkout', 4, 5]
  ] as const)('flows %s %s, depth %i, top %i', async (direction, page, depth, topN) => {
    const { expected } = await expectParity(large, (s, source, p) =>
      s.flows(flowQuerySchema.parse({ source, page, direction, depth, topN }), callContext(p))
    )
    expect(expected.sessions).toBeGreaterThan(1000)
    expect(expected.nodes.some((node) => node.page === '(other)')).toBe(true)
  })

  it('overview in Europe/Berlin', async () => {
    const { expected } = await expectParity(large, (s, source, p) =>
      s.overview(
        overviewQuerySchema.parse({ source, timeZone: 'Europe/Berlin', topPages: 15 }),
        callContext(p)
      )
    )
    expect(expected.days.length).toBeGreaterThan(300)
    expect(expected.totals.purchases).toBeGreaterThan(0)
  })

  // The text is literal: '.*' and 'x)([' are no patterns, so they find nobody; an id matches whole,
  // so 'u00004' (a prefix of u000042) finds nobody either.
  it.each([
    ['a', false],
    ['Al', false],
    ['u000042', false],
    ['u00004', true],
    ['.*', true],
    ['x)([', true],
    ['nobody-at-all', true]
  ] as const)('search "%s" (empty: %s)', async (text, empty) => {
    await expectParity(
      large,
      (s, source, p) =>
        s.searchCustomers(customerSearchSchema.parse({ source, text }), callContext(p)),
      { empty }
    )
  })

  it('search by an exact email typed in upper case', async () => {
    const found = await service.searchCustomers(
      customerSearchSchema.parse({ source: large.folder, text: 'u000123' }),
      callContext()
    )
    const email = found.customers[0]?.email ?? ''
    expect(email).not.toBe('')
    const { expected } = await expectParity(large, (s, source, p) =>
      s.searchCustomers(
        customerSearchSchema.parse({ source, text: email.toUpperCase() }),
        callContext(p)
      )
    )
    expect(expected.customers.map((c) => c._id)).toContain('u000123')
  })

  it.each(['u000001', 'u001234'])(
    'case file of %s (or the next user with 2 sessions or more), second page of sessions',
    async (first) => {
      // A second page of a one-session user is empty on both sides, which proves nothing.
      let userId = first
      for (let n = Number(first.slice(1)); ; n += 1) {
        userId = `u${String(n).padStart(6, '0')}`
        const file = await service.customerCaseFile(
          customerCaseFileSchema.parse({
            source: large.folder,
            userId,
            sessions: { offset: 0, limit: 1 }
          }),
          callContext()
        )
        if (file.sessionsTotal >= 2) break
      }
      const { expected } = await expectParity(large, (s, source, p) =>
        s.customerCaseFile(
          customerCaseFileSchema.parse({ source, userId, sessions: { offset: 1, limit: 3 } }),
          callContext(p)
        )
      )
      expect(expected.user._id).toBe(userId)
    }
  )

  it('refuses raw connection strings unless allowed (the app uses saved connections)', async () => {
    const app = new JourneysService({ demoFolder: large.data.folder })
    await expect(
      app.searchCustomers(
        customerSearchSchema.parse({ source: large.server, text: 'a' }),
        callContext()
      )
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await app.close()
  })

  it('an unknown customer is NOT_FOUND on both', async () => {
    for (const source of [large.folder, large.server]) {
      await expect(
        service.customerCaseFile(
          customerCaseFileSchema.parse({ source, userId: 'u999999' }),
          callContext()
        )
      ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
  })

  it('a cancelled query stops with CANCELLED', async () => {
    const controller = new AbortController()
    const running = service.funnel(
      funnelQuerySchema.parse({ source: large.server, steps: PRODUCT_TO_PURCHASE, mode: 'strict' }),
      {
        signal: controller.signal,
        reportProgress: (p) => {
          if (p.done > 0) controller.abort()
        }
      }
    )
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})

describe.each(['ordered', 'strict', 'any'] as const)('funnel variants, %s mode', (mode) => {
  it('in a date range with a 1 hour window and a browser breakdown', async () => {
    const { expected } = await expectParity(small, (s, source, p) =>
      s.funnel(
        funnelQuerySchema.parse({
          source,
          steps: PRODUCT_TO_PURCHASE,
          mode,
          range: RANGE,
          windowSeconds: 3600,
          breakdown: 'browser'
        }),
        callContext(p)
      )
    )
    expect(expected.breakdown?.length).toBeGreaterThan(1)
  })

  it('lists the users of a breakdown group and of a time-to-convert bucket, as counted', async () => {
    const shape = {
      steps: PRODUCT_TO_PURCHASE,
      mode,
      breakdown: 'browser' as const,
      windowSeconds: 7 * 86400
    }
    const funnel = await service.funnel(
      funnelQuerySchema.parse({ source: small.folder, ...shape }),
      callContext()
    )
    const drills = funnelDrills(funnel, shape)
    expect(drills.length).toBeGreaterThanOrEqual(3)
    for (const drill of drills) {
      const { expected } = await expectParity(small, (s, source, p) =>
        s.funnelUsers(funnelUsersQuerySchema.parse({ source, ...drill.query }), callContext(p))
      )
      expect(expected.total, drill.label).toBe(drill.users)
    }
  })

  it('in a device segment, broken down by OS', async () => {
    await expectParity(small, (s, source, p) =>
      s.funnel(
        funnelQuerySchema.parse({
          source,
          steps: [{ eventType: 'SESSION_START' }, { eventType: 'PAGE_VIEW', pageUrl: '/cart' }],
          mode,
          segment: { operatingSystems: ['Windows', 'iOS'], browsers: ['Chrome', 'Safari'] },
          breakdown: 'os',
          windowSeconds: 7 * 86400
        }),
        callContext(p)
      )
    )
  })

  it('lists the users who dropped at step 2 and who reached step 3', async () => {
    for (const [step, outcome] of [
      [2, 'dropped'],
      [3, 'reached']
    ] as const) {
      const { expected } = await expectParity(small, (s, source, p) =>
        s.funnelUsers(
          funnelUsersQuerySchema.parse({
            source,
            steps: PRODUCT_TO_PURCHASE,
            mode,
            step,
            outcome,
            page: { offset: 2, limit: 10 }
          }),
          callContext(p)
        )
      )
      // Generated users all have a name and an email: each listed one comes with them.
      expect(expected.users.length).toBeGreaterThan(0)
      expect(expected.users.map((user) => user.userId)).toEqual(expected.userIds)
      for (const user of expected.users) {
        expect(user.name).toMatch(/\S/)
        expect(user.email).toMatch(/@/)
      }
    }
  })
})

describe('flow, overview and case-file variants', () => {
  it.each([
    ['from', '/', 3, 4],
    ['to', '/cart', 10, 3]
  ] as const)('flows %s %s, depth %i, top %i', async (direction, page, depth, topN) => {
    await expectParity(small, (s, source, p) =>
      s.flows(flowQuerySchema.parse({ source, page, direction, depth, topN }), callContext(p))
    )
  })

  it('flows in a date range and a browser segment', async () => {
    await expectParity(small, (s, source, p) =>
      s.flows(
        flowQuerySchema.parse({
          source,
          page: '/cart',
          range: RANGE,
          segment: { browsers: ['Firefox', 'Edge', 'Chrome'] }
        }),
        callContext(p)
      )
    )
  })

  it('flow users behind an edge into (other) equal its counts', async () => {
    const query = { page: '/cart', direction: 'from', depth: 4, topN: 5 } as const
    const flow = await service.flows(
      flowQuerySchema.parse({ source: small.folder, ...query }),
      callContext()
    )
    const edge = flow.edges.find((e) => e.target.endsWith(':(other)') && e.source !== '0:/cart')
    if (!edge) throw new Error('no edge into (other) past step 1')
    const { expected } = await expectParity(small, (s, source, p) =>
      s.flowUsers(
        flowUsersQuerySchema.parse({
          source,
          ...query,
          selection: { kind: 'edge', source: edge.source, target: edge.target },
          users: { offset: 5, limit: 20 }
        }),
        callContext(p)
      )
    )
    expect([expected.total, expected.sessions]).toEqual([edge.users, edge.sessions])
    expect(expected.users.length).toBe(Math.min(20, Math.max(0, edge.users - 5)))
    for (const user of expected.users) {
      expect(user.name).toMatch(/\S/)
      expect(user.email).toMatch(/@/)
    }
  })

  it('catalogue, whole and by page prefix', async () => {
    for (const pagePrefix of [undefined, '/product/']) {
      const { expected } = await expectParity(small, (s, source, p) =>
        s.catalogue(
          catalogueQuerySchema.parse({ source, pagePrefix, refresh: true }),
          callContext(p)
        )
      )
      expect(expected.eventTypes.length).toBeGreaterThanOrEqual(5)
      expect(expected.pages.length).toBeGreaterThan(0)
      expect(expected.browsers.length).toBeGreaterThan(1)
    }
  })

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Kolkata'])(
    'overview days in %s',
    async (timeZone) => {
      await expectParity(small, (s, source, p) =>
        s.overview(overviewQuerySchema.parse({ source, timeZone }), callContext(p))
      )
    }
  )

  it('overview in a range with segment filters', async () => {
    await expectParity(small, (s, source, p) =>
      s.overview(
        overviewQuerySchema.parse({
          source,
          range: RANGE,
          segment: {
            operatingSystems: ['Android', 'Windows'],
            metadataEquals: [{ key: 'pageUrl', value: '/cart' }]
          }
        }),
        callContext(p)
      )
    )
  })

  it('search and case files by ObjectId', async () => {
    const found = await service.searchCustomers(
      customerSearchSchema.parse({ source: small.folder, text: 'a' }),
      callContext()
    )
    expect(found.total).toBeGreaterThan(0)
    const userId = String(found.customers[0]?._id)
    expect(userId).toMatch(/^[0-9a-f]{24}$/)
    await expectParity(small, (s, source, p) =>
      s.searchCustomers(
        customerSearchSchema.parse({ source, text: userId.toUpperCase() }),
        callContext(p)
      )
    )
    await expectParity(small, (s, source, p) =>
      s.customerCaseFile(customerCaseFileSchema.parse({ source, userId }), callContext(p))
    )
  })
})

describe('free-text event names and pages on the server', () => {
  let names: Pick<DataSet, 'folder' | 'server'>
  let folder: string

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'jw-names-it-'))
    const data = freeTextNamesData()
    await writeNdjsonFile(join(folder, 'users.ndjson'), data.users)
    await writeNdjsonFile(join(folder, 'sessions.ndjson'), data.sessions)
    await writeNdjsonFile(join(folder, 'events.ndjson'), data.events)
    const db = testDb.client.db(`${testDb.name}_names`)
    await loadFolder(folder, db)
    names = {
      folder: { kind: 'folder', path: folder },
      server: { kind: 'uri', uri: testDb.server.uri, database: db.databaseName }
    }
  })

  afterAll(async () => {
    await testDb.client.db(`${testDb.name}_names`).dropDatabase()
    await rm(folder, { recursive: true, force: true })
  })

  it.each(['ordered', 'strict', 'any'] as const)(
    'funnel %s over $pageview, Order Completed and a page with regex characters',
    async (mode) => {
      const { expected } = await expectParity(names, (s, source, p) =>
        s.funnel(
          funnelQuerySchema.parse({
            source,
            mode,
            windowSeconds: 3600,
            steps: [
              { eventType: '$pageview', pageUrl: '/$home' },
              { eventType: 'PAGE_VIEW', pageUrl: '/search?q=a.b*' },
              { eventType: 'Order Completed' }
            ]
          }),
          callContext(p)
        )
      )
      // ana, bo and dee enter; in `any` mode cy's other $pageview is one step of three too.
      expect(expected.steps[0]?.users).toBe(mode === 'any' ? 4 : 3)
    }
  )

  it('funnels whose event types name operators, paths and unicode', async () => {
    for (const steps of [
      [{ eventType: '$literal' }, { eventType: '$pageview' }],
      [{ eventType: 'ünïcödé 🛒' }, { eventType: 'app.screen:viewed' }]
    ]) {
      await expectParity(names, (s, source, p) =>
        s.funnel(funnelQuerySchema.parse({ source, steps }), callContext(p))
      )
    }
  })

  it('flows, flow users, overview and catalogue', async () => {
    const flow = { page: '/$home', depth: 3, topN: 5 }
    await expectParity(names, (s, source, p) =>
      s.flows(flowQuerySchema.parse({ source, ...flow }), callContext(p))
    )
    const { expected } = await expectParity(names, (s, source, p) =>
      s.flowUsers(
        flowUsersQuerySchema.parse({
          source,
          ...flow,
          selection: { kind: 'edge', source: '0:/$home', target: '1:/search?q=a.b*' }
        }),
        callContext(p)
      )
    )
    expect(expected.total).toBe(2)
    await expectParity(names, (s, source, p) =>
      s.overview(overviewQuerySchema.parse({ source }), callContext(p))
    )
    for (const pagePrefix of [undefined, '/search?q=a.', '/$']) {
      const { expected: catalogue } = await expectParity(names, (s, source, p) =>
        s.catalogue(
          catalogueQuerySchema.parse({ source, pagePrefix, refresh: true }),
          callContext(p)
        )
      )
      expect(catalogue.pages.length).toBeGreaterThan(0)
    }
  })
})

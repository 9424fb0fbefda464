import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CsvOptions, ExportRequestInput } from '../../../src/shared/export/export-request'
import { exportRequestSchema } from '../../../src/shared/export/export-request'
import type { DataSource } from '../../../src/shared/journeys/data-source'
import type { DocumentId, UserDocument } from '../../../src/shared/journeys/documents'
import {
  customerCaseFileSchema,
  customerSearchSchema,
  flowQuerySchema,
  flowUsersQuerySchema,
  funnelQuerySchema,
  funnelUsersQuerySchema,
  overviewQuerySchema
} from '../../../src/shared/journeys/query-schemas'
import { compileCustomerMatcher } from '../../../src/main/engine/reducers/customer-matcher'
import { idKey } from '../../../src/main/engine/rules/id-key'
import { ExportService } from '../../../src/main/services/export/export-service'
import { JourneysService } from '../../../src/main/services/journeys/journeys-service'
import { fileNamePart } from '../../../src/main/services/export/export-file-name'
import { flowEdgeRows } from '../../../src/main/services/export/kinds/flow-exports'
import { useTestDatabase } from '../../helpers/test-server/use-test-database'
import { callContext, generateFolder, loadFolder, type GeneratedFolder } from '../journey-fixtures'
import {
  addTrickyCustomer,
  filesIn,
  looksLikeFormula,
  readCsv,
  TRICKY_EVENTS,
  TRICKY_PAGES,
  TRICKY_SESSION,
  TRICKY_USER,
  type ParsedCsv
} from './export-fixtures'

/*
 * Every export kind, on the local engine (an NDJSON folder) and on the integration server (FerretDB:
 * the reducer strategy), held to the queries the screens run: the same row count and the same ids,
 * values that survive csv-parse, and the formula guard.
 */

const testDb = useTestDatabase()
let data: GeneratedFolder
let journeys: JourneysService
let exports: ExportService
let out: string
let sources: Record<'local' | 'server', DataSource>

beforeAll(async () => {
  data = await generateFolder({ users: 300, seed: 8 })
  await addTrickyCustomer(data.folder)
  await loadFolder(data.folder, testDb.db)
  out = await mkdtemp(join(tmpdir(), 'jw-export-it-'))
  journeys = new JourneysService({ demoFolder: data.folder, allowUriSources: true })
  exports = new ExportService({ journeys })
  sources = {
    local: { kind: 'folder', path: data.folder },
    server: { kind: 'uri', uri: testDb.server.uri, database: testDb.name }
  }
}, 600_000)

afterAll(async () => {
  await journeys.close()
  await rm(out, { recursive: true, force: true })
  await data.remove()
})

let fileNumber = 0

/** Exports to a fresh file and reads it back. */
async function exported(
  request: ExportRequestInput,
  options: Partial<CsvOptions> = {}
): Promise<ParsedCsv & { rowsWritten: number; warnings: string[] }> {
  const path = join(out, `export-${++fileNumber}.csv`)
  const result = await exports.exportToFile(
    {
      request: exportRequestSchema.parse(request),
      options: { bom: false, formulaGuard: true, ...options }
    },
    path,
    callContext()
  )
  expect(result.path).toBe(path)
  const csv = await readCsv(path)
  expect(result.rowsWritten).toBe(csv.rows.length)
  return { ...csv, rowsWritten: result.rowsWritten, warnings: result.warnings }
}

/** Ids as the CSV writes them: strings as they are, ObjectIds as hex. */
function idText(id: DocumentId): string {
  return typeof id === 'string' ? id : id.toHexString()
}

const sorted = (values: Iterable<string>): string[] => [...values].sort()

const CART_TO_PURCHASE = [{ eventType: 'PAGE_VIEW', pageUrl: '/cart' }, { eventType: 'PURCHASE' }]

describe.each(['local', 'server'] as const)('exports on the %s engine', (engineName) => {
  const source = (): DataSource => sources[engineName]

  it("a customer's events: every event of the case file, one row each", async () => {
    const userId = 'u000007'
    const caseFile = await journeys.customerCaseFile(
      customerCaseFileSchema.parse({ source: source(), userId, sessions: { limit: 500 } }),
      callContext()
    )
    const expected = caseFile.sessions.flatMap((session) =>
      session.events.map((e) => idText(e._id))
    )
    expect(expected.length).toBeGreaterThan(0)
    const csv = await exported({ kind: 'caseFileEvents', source: source(), userId })
    expect(csv.header).toEqual([
      'Event id',
      'Session id',
      'Time (UTC)',
      'Event type',
      'Page',
      'Time on page (s)',
      'Amount',
      'Currency',
      'Browser',
      'OS'
    ])
    expect(csv.rowsWritten).toBe(expected.length)
    expect(sorted(csv.column('Event id'))).toEqual(sorted(expected))
    // In event order, with ISO times.
    const times = csv.column('Time (UTC)')
    expect(times).toEqual([...times].sort())
    expect(times[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it('gives the tricky values back through csv-parse, formula-looking ones neutralised', async () => {
    const guarded = await exported({ kind: 'caseFileEvents', source: source(), userId: 'u-tricky' })
    expect(guarded.column('Event id')).toEqual(TRICKY_EVENTS.map((e) => e._id))
    const pages = TRICKY_PAGES.map((page) => (looksLikeFormula(page) ? `'${page}` : page))
    expect(guarded.column('Page')).toEqual([...pages, ''])
    // Typed numbers are never touched by the guard.
    expect(guarded.column('Time on page (s)')).toEqual([
      ...TRICKY_PAGES.map((_, i) => String(i - 3)),
      ''
    ])
    expect(guarded.column('Amount').at(-1)).toBe('-12.5')
    expect(guarded.column('Currency').at(-1)).toBe("'@EUR")
    expect(new Set(guarded.column('Browser'))).toEqual(
      new Set([TRICKY_SESSION.deviceInfo?.browser])
    )
    expect(new Set(guarded.column('OS'))).toEqual(new Set([TRICKY_SESSION.deviceInfo?.os]))

    const raw = await exported(
      { kind: 'caseFileEvents', source: source(), userId: 'u-tricky' },
      { formulaGuard: false }
    )
    expect(raw.column('Page')).toEqual([...TRICKY_PAGES, ''])
    expect(raw.column('Currency').at(-1)).toBe('@EUR')
  })

  it("a customer's sessions: every session of the case file, newest first, with counts", async () => {
    const caseFile = await journeys.customerCaseFile(
      customerCaseFileSchema.parse({
        source: source(),
        userId: 'u000007',
        sessions: { limit: 500 }
      }),
      callContext()
    )
    const csv = await exported({ kind: 'caseFileSessions', source: source(), userId: 'u000007' })
    expect(csv.rowsWritten).toBe(caseFile.sessionsTotal)
    expect(csv.column('Session id')).toEqual(caseFile.sessions.map((s) => idText(s._id)))
    expect(csv.column('Events').map(Number)).toEqual(caseFile.sessions.map((s) => s.events.length))
    const tricky = await exported({
      kind: 'caseFileSessions',
      source: source(),
      userId: 'u-tricky'
    })
    expect(tricky.rows).toEqual([
      [
        's-tricky',
        '2025-03-01T10:00:00.000Z',
        '2025-03-01T10:05:00.000Z',
        'Firefox, "ESR"\nbeta',
        'עברית 🛒',
        '\'+49 "lan"',
        String(TRICKY_EVENTS.length),
        String(TRICKY_PAGES.length),
        '1'
      ]
    ])
  })

  it('a missing customer is NOT_FOUND, and no file is left', async () => {
    const path = join(out, 'missing-customer.csv')
    const error = await exports
      .exportToFile(
        {
          request: exportRequestSchema.parse({
            kind: 'caseFileEvents',
            source: source(),
            userId: 'u999999'
          }),
          options: { bom: false, formulaGuard: true }
        },
        path,
        callContext()
      )
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'NOT_FOUND' })
    expect((await filesIn(out)).filter((name) => name.startsWith('missing-customer'))).toEqual([])
  })

  it.each([
    ['reached', 1],
    ['reached', 2],
    ['dropped', 2]
  ] as const)(
    'funnel users who %s step %i: all of them, with their step times',
    async (outcome, step) => {
      const query = { source: source(), steps: CART_TO_PURCHASE, step, outcome }
      const expected: string[] = []
      let total = 0
      for (let offset = 0; ; offset += 500) {
        const page = await journeys.funnelUsers(
          funnelUsersQuerySchema.parse({ ...query, page: { offset, limit: 500 } }),
          callContext()
        )
        total = page.total
        expected.push(...page.userIds.map(idText))
        if (page.userIds.length < 500) break
      }
      expect(total).toBeGreaterThan(0)
      const csv = await exported({ kind: 'funnelUsers', ...query })
      expect(csv.header).toEqual([
        'User id',
        'Furthest step',
        'Entry time (UTC)',
        'Entry session id',
        'Step 1: PAGE_VIEW /cart (UTC)',
        'Step 2: PURCHASE (UTC)'
      ])
      expect(csv.rowsWritten).toBe(total)
      expect(sorted(csv.column('User id'))).toEqual(sorted(expected))
      for (const row of csv.rows) {
        const [, furthest, entry, session, first, second] = row
        expect(Number(furthest)).toBe(
          outcome === 'reached' ? Math.max(step, Number(furthest)) : step - 1
        )
        expect(entry).toBe(first)
        expect(session).not.toBe('')
        expect(second === '').toBe(Number(furthest) < 2)
        if (second) expect(second >= (first ?? '')).toBe(true)
      }
    }
  )

  it("a narrowed drill-down's users: one browser group, one time-to-convert bucket", async () => {
    const query = {
      source: source(),
      steps: CART_TO_PURCHASE,
      windowSeconds: 3 * 86_400,
      breakdown: 'browser' as const
    }
    const funnel = await journeys.funnel(funnelQuerySchema.parse(query), callContext())
    const group = funnel.breakdown?.find((g) => (g.steps[1]?.users ?? 0) > 0)
    const buckets = funnel.steps[1]?.timeToConvert ?? []
    const bucket = buckets.findIndex((b) => b.users > 0)
    if (!group || bucket < 0) throw new Error('the generated data has no group or bucket to test')
    for (const [narrowing, users, name] of [
      [{ breakdownValue: group.key }, group.steps[1]?.users ?? 0, group.key],
      [{ timeToConvertBucket: bucket }, buckets[bucket]?.users ?? 0, buckets[bucket]?.label ?? '']
    ] as const) {
      const selection = { ...query, step: 2, outcome: 'reached' as const, ...narrowing }
      const page = await journeys.funnelUsers(
        funnelUsersQuerySchema.parse({ ...selection, page: { offset: 0, limit: 500 } }),
        callContext()
      )
      expect(page.total).toBe(users)
      const request = exportRequestSchema.parse({ kind: 'funnelUsers', ...selection })
      const csv = await exported(request)
      expect(csv.rowsWritten).toBe(users)
      expect(sorted(csv.column('User id'))).toEqual(sorted(page.userIds.map(idText)))
      expect(new Set(csv.column('Furthest step'))).toEqual(new Set(['2']))
      const preview = await exports.preview({ request }, callContext())
      expect(preview.fileName).toBe(`funnel-reached-step-2-${fileNamePart(name)}-users.csv`)
    }
  })

  it('flow edges: every edge of the flows result', async () => {
    const query = { source: source(), page: '/cart', depth: 3, topN: 4 }
    const flows = await journeys.flows(flowQuerySchema.parse(query), callContext())
    const csv = await exported({ kind: 'flowEdges', ...query })
    expect(csv.header).toEqual(['Step', 'From page', 'To page', 'Sessions', 'Users'])
    expect(csv.rowsWritten).toBe(flows.edges.length)
    expect(csv.rows).toEqual(
      flowEdgeRows(flows).map((edge) =>
        [edge.step, edge.fromPage, edge.toPage, edge.sessions, edge.users].map(String)
      )
    )
  })

  it.each(['edge', 'node'] as const)(
    "a flow %s's users: every user the flows result counts, with their sessions",
    async (kind) => {
      const query = { source: source(), page: '/cart', depth: 3, topN: 4 }
      const flows = await journeys.flows(flowQuerySchema.parse(query), callContext())
      // The busiest edge (or the far node of it) away from the chosen page.
      const edge = [...flows.edges].sort((a, b) => b.users - a.users)[0]
      if (!edge) throw new Error('the flows result has no edge')
      const selection =
        kind === 'edge'
          ? { kind, source: edge.source, target: edge.target }
          : { kind, id: edge.target }
      const expected = new Map<string, number>()
      let total = 0
      let sessions = 0
      for (let offset = 0; ; offset += 500) {
        const page = await journeys.flowUsers(
          flowUsersQuerySchema.parse({ ...query, selection, users: { offset, limit: 500 } }),
          callContext()
        )
        total = page.total
        sessions = page.sessions
        for (const user of page.users) expected.set(idText(user.userId), user.sessionIds.length)
        if (page.users.length < 500) break
      }
      expect(total).toBeGreaterThan(0)
      const csv = await exported({ kind: 'flowUsers', ...query, selection })
      expect(csv.header).toEqual(['User id', 'Sessions', 'Session ids'])
      expect(csv.rowsWritten).toBe(total)
      expect(sorted(csv.column('User id'))).toEqual(sorted(expected.keys()))
      const counts = csv.column('Sessions').map(Number)
      expect(counts).toEqual(csv.column('User id').map((id) => expected.get(id)))
      expect(counts.reduce((sum, n) => sum + n, 0)).toBe(sessions)
      // Session ids are a JSON array per user, as many as the count.
      expect(csv.column('Session ids').map((ids) => (JSON.parse(ids) as string[]).length)).toEqual(
        counts
      )
    }
  )

  it('customer search: every matching customer, not only the first page', async () => {
    const search = await journeys.searchCustomers(
      customerSearchSchema.parse({ source: source(), text: 'a', limit: 10 }),
      callContext()
    )
    expect(search.total).toBeGreaterThan(search.customers.length)
    const matches = compileCustomerMatcher('a')
    const users = await testDb.db.collection<UserDocument>('users').find({}).toArray()
    const expected = users.filter(matches).map((user) => idText(user._id))
    const csv = await exported({ kind: 'customers', source: source(), text: 'a' })
    expect(csv.rowsWritten).toBe(search.total)
    expect(sorted(csv.column('User id'))).toEqual(sorted(expected))
    const tricky = await exported({ kind: 'customers', source: source(), text: 'u-tricky' })
    expect(tricky.rows).toEqual([
      [
        'u-tricky',
        TRICKY_USER.name,
        `'${TRICKY_USER.email}`,
        '2025-03-01T09:00:00.000Z',
        '2025-03-01T10:05:00.000Z'
      ]
    ])
  })

  it("the overview's days and top pages", async () => {
    const query = { source: source(), timeZone: 'Europe/Berlin', topPages: 5 }
    const overview = await journeys.overview(overviewQuerySchema.parse(query), callContext())
    const days = await exported({ kind: 'overviewDays', ...query })
    const currencies = overview.totals.revenueByCurrency.map((money) => money.currency)
    expect(days.header).toEqual([
      'Day',
      'Users',
      'Sessions',
      'Page views',
      'Purchases',
      ...currencies.map((currency) => `Revenue ${currency}`)
    ])
    expect(days.rowsWritten).toBe(overview.days.length)
    expect(days.column('Day')).toEqual(overview.days.map((day) => day.day))
    expect(days.column('Users').map(Number)).toEqual(overview.days.map((day) => day.users))
    const pages = await exported({ kind: 'overviewTopPages', ...query })
    expect(pages.rows).toEqual(
      overview.topPages.map((page) => [page.page, String(page.views), String(page.users)])
    )
  })

  it('a raw collection in a date range: the same documents as the server has, flattened', async () => {
    const range = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-05-01T00:00:00Z') }
    const filter = { timestamp: { $gte: range.from, $lt: range.to } }
    const ids = await testDb.db
      .collection('events')
      .find(filter, { projection: { _id: 1 } })
      .map((event) => idText(event._id as DocumentId))
      .toArray()
    expect(ids.length).toBeGreaterThan(1000)
    const csv = await exported({
      kind: 'collection',
      source: source(),
      collection: 'events',
      range
    })
    expect(csv.rowsWritten).toBe(await testDb.db.collection('events').countDocuments(filter))
    expect(sorted(csv.column('_id'))).toEqual(sorted(ids))
    expect(csv.header.slice(0, 5)).toEqual(['_id', 'sessionId', 'userId', 'eventType', 'timestamp'])
    expect(csv.header).toContain('metadata.pageUrl')
    const sessions = await exported({
      kind: 'collection',
      source: source(),
      collection: 'sessions'
    })
    expect(sessions.header).toEqual(
      expect.arrayContaining(['_id', 'userId', 'startTime', 'deviceInfo.browser', 'deviceInfo.os'])
    )
    expect(sessions.rowsWritten).toBe(await testDb.db.collection('sessions').countDocuments())
    const tricky = sessions.rows[sessions.column('_id').indexOf('s-tricky')]
    expect(tricky?.[sessions.header.indexOf('deviceInfo.browser')]).toBe('Firefox, "ESR"\nbeta')
  })

  it('writes the chosen columns in the chosen order, with a BOM when asked', async () => {
    const csv = await exported(
      { kind: 'caseFileEvents', source: source(), userId: 'u-tricky' },
      { columns: ['time', 'eventId'], bom: true }
    )
    expect(csv.header).toEqual(['Time (UTC)', 'Event id'])
    expect(csv.column('Event id')).toEqual(TRICKY_EVENTS.map((e) => e._id))
    await expect(
      exported(
        { kind: 'caseFileEvents', source: source(), userId: 'u-tricky' },
        { columns: ['time', 'nope'] }
      )
    ).rejects.toThrow(/Unknown column "nope"/)
  })
})

describe('the engines agree', () => {
  it('the same rows from the folder and from the server, kind by kind', async () => {
    const requests: ExportRequestInput[] = [
      {
        kind: 'funnelUsers',
        source: sources.local,
        steps: CART_TO_PURCHASE,
        step: 2,
        outcome: 'reached'
      },
      { kind: 'customers', source: sources.local, text: 'b' },
      { kind: 'caseFileEvents', source: sources.local, userId: 'u000011' }
    ]
    for (const request of requests) {
      const local = await exported(request)
      const server = await exported({ ...request, source: sources.server })
      const byFirstCell = (rows: string[][]) =>
        [...rows].sort((a, b) => idKey(a[0]).localeCompare(idKey(b[0])))
      expect(byFirstCell(server.rows)).toEqual(byFirstCell(local.rows))
    }
  })
})

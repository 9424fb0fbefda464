import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EJSON } from 'bson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/main/app-paths'
import { TIME_TO_CONVERT_BUCKETS } from '../../src/shared/journeys/results'
import { useTestDatabase } from '../helpers/test-server/use-test-database'

/* The `journey` command line, run as a user runs it: `node bin/journey.mjs ...` in a child process. */

const testDb = useTestDatabase()
const bin = join(projectRoot(), 'bin', 'journey.mjs')
let home: string
let folder: string

interface CliRun {
  code: number
  stdout: string
  stderr: string
}

function journey(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: home, timeout: 110_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({ code, stdout, stderr })
      }
    )
  })
}

function json(run: CliRun): Record<string, unknown> {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return EJSON.parse(run.stdout, { relaxed: true }) as Record<string, unknown>
}

/** The answer without what differs by strategy and by run: the plan and a catalogue's time. */
function withoutPlan(run: CliRun): unknown {
  const {
    plan: _plan,
    computedAt: _computedAt,
    ...rest
  } = EJSON.parse(run.stdout, { relaxed: true }) as { plan: unknown; computedAt?: unknown }
  return rest
}

/** What a command found (users, sessions, rows): two answers that both find nothing prove nothing. */
function substance(label: string, answer: Record<string, unknown>): number {
  const a = answer as {
    customers?: unknown[]
    sessions?: unknown[] | number
    steps?: { users: number }[]
    userIds?: unknown[]
    edges?: unknown[]
    days?: unknown[]
    breakdown?: unknown[]
    users?: unknown[]
    eventTypes?: unknown[]
    pages?: unknown[]
  }
  if (label.startsWith('search')) return a.customers?.length ?? 0
  if (label.startsWith('customer')) return Array.isArray(a.sessions) ? a.sessions.length : 0
  if (label.startsWith('funnel users')) return a.userIds?.length ?? 0
  if (label.includes('breakdown'))
    return Math.min(a.steps?.[1]?.users ?? 0, a.breakdown?.length ?? 0)
  if (label.startsWith('funnel')) return a.steps?.[1]?.users ?? 0
  if (label.startsWith('flows')) return a.edges?.length ?? 0
  if (label.startsWith('overview')) return a.days?.length ?? 0
  if (label.startsWith('flow users')) return a.users?.length ?? 0
  if (label.startsWith('catalogue'))
    return Math.min(a.eventTypes?.length ?? 0, a.pages?.length ?? 0)
  throw new Error(`no substance check for ${label}`)
}

let server: string[] = []
const data = (): string[] => ['--data', folder]

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-cli-it-'))
  folder = join(home, 'shop')
  server = ['--uri', testDb.server.uri, '--db', testDb.name]
})

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

describe('journey generate and load', () => {
  it('generates a folder deterministically', async () => {
    const first = json(await journey('generate', '--out', folder, '--users', '150', '--seed', '5'))
    expect(first).toMatchObject({ seed: 5, counts: { users: 150 } })
    const again = json(
      await journey('generate', '--out', join(home, 'again'), '--users', '150', '--seed', '5')
    )
    expect(again.counts).toEqual(first.counts)
    const [a, b] = await Promise.all([
      readFile(join(folder, 'events.ndjson'), 'utf8'),
      readFile(join(home, 'again', 'events.ndjson'), 'utf8')
    ])
    expect(a).toBe(b)
  })

  it('loads it into the test server with the recommended indexes', async () => {
    const loaded = json(await journey('load', ...data(), ...server, '--drop'))
    expect(loaded).toMatchObject({ inserted: { users: 150 } })
    expect((loaded.indexes as unknown[]).length).toBe(5)
  })

  it('refuses to load into a database that has data, without --drop', async () => {
    const run = await journey('load', ...data(), ...server)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      `journey load: database "${testDb.name}" already has documents in users, sessions, events: add --drop to replace them, or load into another --db\n`
    )
  })
})

describe('every query command, on the folder and on the server alike', () => {
  const commands: [string, string[]][] = [
    ['search', ['search', 'a', '--limit', '5']],
    ['customer', ['customer', 'u000007', '--sessions-offset', '1', '--sessions-limit', '2']],
    [
      'funnel',
      ['funnel', '--step', 'PAGE_VIEW:/product/*', '--step', 'ADD_TO_CART', '--step', 'PURCHASE']
    ],
    [
      'funnel strict, 2h window, browser breakdown, range',
      [
        'funnel',
        '--step',
        'PAGE_VIEW',
        '--step',
        'PURCHASE',
        '--mode',
        'strict',
        '--window',
        '2h',
        '--breakdown',
        'browser',
        '--from',
        '2025-01-01',
        '--to',
        '2025-09-01T00:00:00Z'
      ]
    ],
    [
      'funnel users',
      [
        'funnel',
        '--step',
        'PAGE_VIEW',
        '--step',
        'PURCHASE',
        '--mode',
        'any',
        '--users',
        'dropped',
        '--at-step',
        '2',
        '--limit',
        '5'
      ]
    ],
    [
      'funnel with a JSON step',
      ['funnel', '--step', '{"eventType":"PAGE_VIEW","pageUrl":"/cart"}', '--step', 'PURCHASE']
    ],
    ['flows from', ['flows', '--from-page', '/cart', '--depth', '3', '--top', '4']],
    [
      'flow users of a node',
      ['flow-users', '--from-page', '/cart', '--depth', '3', '--top', '4', '--node', '2:(other)']
    ],
    [
      'flow users of an edge',
      ['flow-users', '--to-page', '/checkout', '--edge', '2:(entry)>1:/cart', '--limit', '7']
    ],
    ['catalogue', ['catalogue']],
    ['catalogue of product pages', ['catalogue', '--page-prefix', '/product/1']],
    ['flows to', ['flows', '--to-page', '/checkout', '--os', 'Windows', '--os', 'macOS']],
    [
      'overview',
      ['overview', '--time-zone', 'Europe/Berlin', '--top-pages', '5', '--meta', 'pageUrl=/cart']
    ]
  ]

  it.each(commands)('%s', async (label, args) => {
    const local = await journey(...args, ...data())
    const remote = await journey(...args, ...server)
    const answer = json(local)
    expect(answer.plan).toMatchObject({ strategy: 'local' })
    // Two empty answers would agree too: each command must have found something.
    expect(substance(label, answer), label).toBeGreaterThan(0)
    json(remote)
    expect(withoutPlan(remote)).toEqual(withoutPlan(local))
  })

  it('prints funnel steps, flows and overview days as CSV and tables', async () => {
    const funnel = await journey(
      'funnel',
      '--step',
      'PAGE_VIEW',
      '--step',
      'PURCHASE',
      '--format',
      'csv',
      ...data()
    )
    expect(funnel.code).toBe(0)
    expect(funnel.stdout.split('\r\n')[0]).toBe(
      'step,label,users,conversionFromStart,conversionFromPrevious,medianSecondsFromPrevious,' +
        TIME_TO_CONVERT_BUCKETS.map((bucket) => `timeToConvert ${bucket.label}`).join(',')
    )
    // Raw numbers in CSV; step 1 has no median and no time to convert.
    expect(funnel.stdout.split('\r\n')[1]).toMatch(/^1,PAGE_VIEW,\d+,1,1,{10}$/)
    expect(funnel.stdout.split('\r\n')[2]).toMatch(
      /^2,PURCHASE,\d+,0\.\d+,0\.\d+,\d+(\.\d+)?(,\d+){9}$/
    )
    const funnelTable = await journey(
      'funnel',
      '--step',
      'PAGE_VIEW',
      '--step',
      'PURCHASE',
      '--format',
      'table',
      ...data()
    )
    // Tables are for people: percentages, durations and the histogram on one line.
    const [header, , first, second] = funnelTable.stdout.split('\n')
    expect(header).toMatch(/^step +label +users +conversionFromStart .* timeToConvert$/)
    expect(first).toMatch(/^ +1 +PAGE_VIEW +[\d,]+ +100 % +100 % +- +-$/)
    expect(second).toMatch(
      /^ +2 +PURCHASE +[\d,]+ +\d+(\.\d)? % +\d+(\.\d)? % +(\d+ (d|h|min|s) ?)+ +[a-z0-9 –]+: [\d,]+/
    )
    const flows = await journey('flows', '--from-page', '/cart', '--format', 'table', ...server)
    expect(flows.code).toBe(0)
    expect(flows.stdout).toMatch(/^kind +id +step +page +source +target +sessions +users\n/)
    if (testDb.server.flavor === 'FerretDB') {
      expect(flows.stderr).toMatch(/^note: Reducer strategy: FerretDB 1\.24\.2 failed \d+ of \d+/m)
    } else {
      expect(flows.stderr).not.toMatch(/Reducer strategy/)
    }
    const overview = await journey('overview', '--format', 'csv', ...data())
    expect(overview.stdout).toMatch(
      /^day,users,sessions,pageViews,purchases(,revenue [A-Z]{3})+\r\n\d{4}-\d\d-\d\d,/
    )
    const overviewTable = await journey('overview', '--format', 'table', ...data())
    expect(overviewTable.stdout).toMatch(
      /\ntotal +[\d,]+ +[\d,]+ +[\d,]+ +[\d,]+ +[\d,]+\.\d\d [A-Z]{3}( · [\d,]+\.\d\d [A-Z]{3})*\n$/
    )
    const search = await journey('search', 'u000010', '--format', 'table', ...data())
    expect(search.stdout).toMatch(/^_id +name +email +lastActiveAt\n-+ .*\nu000010 /)
    expect(search.stderr).toMatch(/^1 of 1 matching customers$/m)
  })

  it('prints the plan for mongosh with --explain', async () => {
    const run = await journey(
      'funnel',
      '--step',
      'PAGE_VIEW',
      '--step',
      'PURCHASE',
      '--explain',
      ...server
    )
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^\/\/ strategy: (reducer|pipeline)$/m)
    expect(run.stderr).toMatch(/db\.getCollection\("events"\)\.(find|aggregate)\(/)
  })

  it('reads date-only --from/--to in the --time-zone given (the README example)', async () => {
    const run = await journey(
      'overview',
      '--time-zone',
      'Europe/Berlin',
      '--from',
      '2025-09-01',
      '--to',
      '2025-09-08',
      ...data()
    )
    const { days } = json(run) as { days: { day: string }[] }
    expect(days.length).toBeGreaterThan(1)
    // Read as UTC, Berlin's 31 August 22:00-24:00 was missed and 8 September 00:00-02:00 crept in.
    expect(days[0]?.day).toBe('2025-09-01')
    expect(days.at(-1)?.day).toBe('2025-09-07')
    const explicit = await journey(
      'overview',
      '--time-zone',
      'Europe/Berlin',
      '--from',
      '2025-08-31T22:00:00Z',
      '--to',
      '2025-09-07T22:00:00Z',
      ...data()
    )
    expect(withoutPlan(explicit)).toEqual(withoutPlan(run))
  })

  it('uses the bundled demo workspace when given no data source', async () => {
    const run = await journey('search', 'a', '--limit', '1')
    expect(json(run)).toMatchObject({ plan: { strategy: 'local' } })
  })
})

describe('bad input and failures', () => {
  it.each([
    [
      ['funnel', '--step', 'video:play', '--step', 'PURCHASE'],
      /^journey funnel: bad --step "video:play": after ":" comes a page .* JSON form/
    ],
    [['funnel', '--step', 'PAGE_VIEW:', '--step', 'PURCHASE'], /bad --step "PAGE_VIEW:"/],
    [['funnel', '--step', 'PAGE_VIEW:/a*b', '--step', 'PURCHASE'], /"\*" only at its end/],
    [['funnel', '--step', '{"eventType":', '--step', 'PURCHASE'], /not valid JSON/],
    [
      ['flow-users', '--from-page', '/', '--edge', '1:/cart>3:/checkout'],
      /is not an edge of this flow: edges join consecutive steps/
    ],
    [['flow-users', '--from-page', '/'], /exactly one of --node "step:page" or --edge/],
    [['funnel', '--step', 'PAGE_VIEW'], /needs 2 to 10 --step options, got 1/],
    [
      ['funnel', '--step', 'A', '--step', 'B', '--window', '7w'],
      /--window must look like 7d, 12h, 90m or 3600s/
    ],
    [
      ['funnel', '--step', 'A', '--step', 'B', '--mode', 'fast'],
      /--mode must be one of ordered, strict, any/
    ],
    [['overview', '--from', '2025-02-30x'], /--from must be an ISO date/],
    [
      ['overview', '--from', '2025-02-30'],
      /^journey overview: --from 2025-02-30 is not a real date: February 2025 has 28 days$/
    ],
    [
      ['funnel', '--step', 'A', '--step', 'B', '--window', '1000d'],
      /^journey funnel: --window can be at most 366d \(8,784h\), got 1000d$/
    ],
    [
      ['funnel', '--step', 'A', '--step', 'B', '--window', '0d'],
      /^journey funnel: --window must be at least 1s, got 0d$/
    ],
    [
      ['flows', '--from-page', '/cart', '--top', '-3'],
      /^journey flows: --top must be 1\.\.50, got -3$/
    ],
    [['overview', '--from', '2025-06-01', '--to', '2025-05-01'], /--from must be before --to/],
    [['overview', '--colour', 'red'], /^journey overview: unknown option --colour$/],
    [['overview', '--time-zone', 'Mars/Olympus'], /Unknown time zone: Mars\/Olympus/],
    [['flows', '--depth', '3'], /exactly one of --from-page <url> or --to-page <url>/],
    [
      ['flows', '--from-page', 'cart'],
      /^journey flows: No page view has page "cart": pages start with "\/"\. Did you mean "\/cart"\?$/
    ],
    [['customer', 'u999999'], /No customer with id u999999/],
    [['customer', 'u000001', '--format', 'csv'], /customer prints JSON only/],
    [['overview', '--uri', 'mongo://nowhere', '--db', 'x'], /The connection string is not valid/],
    [['overview', '--uri', 'mongodb://127.0.0.1:1'], /--uri needs --db <name> too/],
    [['teleport'], /unknown command "teleport"/]
  ])('%j exits 2', async (args, message) => {
    const run = await journey(...args, ...(args.includes('--uri') ? [] : data()))
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.split('\n')[0]).toMatch(message)
  })

  it('says a database has no events collection instead of answering nothing', async () => {
    const run = await journey('overview', '--uri', testDb.server.uri, '--db', `${testDb.name}_none`)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(
      `journey overview: The database "${testDb.name}_none" on ${new URL(testDb.server.uri).host} has no events collection, so there is nothing to count. It has no collections at all. Check the database name, or load the data first.\n`
    )
  })

  it('says why an answer is empty, alike on the folder and on the server, and exits 2', async () => {
    const catalogue = json(await journey('catalogue', ...data())) as {
      browsers: { name: string }[]
      operatingSystems: { name: string }[]
    }
    const browsers = catalogue.browsers.map((browser) => browser.name)
    expect(browsers).toContain('Chrome')
    const places: [string[], string][] = [
      [data(), `folder ${folder}`],
      [server, `database "${testDb.name}" on ${new URL(testDb.server.uri).host}`]
    ]
    for (const [source, where] of places) {
      const chrome = await journey('overview', '--browser', 'chrome', ...source)
      expect(chrome).toEqual({
        code: 2,
        stdout: '',
        stderr: `journey overview: No session has browser "chrome": in the ${where} the browsers are ${browsers.join(', ')}. Values are case-sensitive: did you mean "Chrome"?\n`
      })
      const os = await journey(
        'funnel',
        '--step',
        'PAGE_VIEW',
        '--step',
        'PURCHASE',
        '--os',
        'BeOS',
        ...source
      )
      expect(os.code).toBe(2)
      expect(os.stderr).toBe(
        `journey funnel: No session has OS "BeOS": in the ${where} the OS values are ${catalogue.operatingSystems.map((o) => o.name).join(', ')}.\n`
      )
      const step = JSON.stringify({ eventType: 'PAGE_VIEW', pageUrl: 'product/*' })
      const page = await journey('funnel', '--step', step, '--step', 'PURCHASE', ...source)
      expect(page).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'journey funnel: No page view has page "product/*": pages start with "/". Did you mean "/product/*"?\n'
      })
      const flows = await journey('flows', '--to-page', 'cart', ...source)
      expect(flows.code).toBe(2)
      expect(flows.stderr).toBe(
        'journey flows: No page view has page "cart": pages start with "/". Did you mean "/cart"?\n'
      )
      // An empty date range is a valid empty answer, not an error.
      const empty = json(
        await journey('overview', '--from', '2031-01-01', '--to', '2031-02-01', ...source)
      ) as { totals: { users: number }; days: unknown[] }
      expect(empty.totals.users).toBe(0)
      expect(empty.days).toEqual([])
      // A known value with a case variant is not explained: the answer stands.
      const known = json(
        await journey('overview', '--browser', 'Chrome', '--browser', 'chrome', ...source)
      ) as { totals: { users: number } }
      expect(known.totals.users).toBeGreaterThan(0)
    }
  })

  it('names the line of malformed NDJSON and exits 2', async () => {
    const broken = join(home, 'broken')
    json(await journey('generate', '--out', broken, '--users', '3', '--seed', '1'))
    const lines = (await readFile(join(broken, 'events.ndjson'), 'utf8')).split('\n')
    lines.splice(6, 0, '{"_id": "e-broken", "userId": ')
    await writeFile(join(broken, 'events.ndjson'), lines.join('\n'))
    const run = await journey('overview', '--data', broken)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /events\.ndjson, line 7: not valid Extended JSON: the line ends before its JSON does/
    )
    expect(run.stderr).not.toContain('e-broken')
  })

  it('says clearly that a server cannot be reached and exits 1', async () => {
    const started = Date.now()
    const run = await journey(
      'funnel',
      '--step',
      'A',
      '--step',
      'B',
      '--uri',
      'mongodb://127.0.0.1:1',
      '--db',
      'x'
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      'journey funnel: Cannot connect to 127.0.0.1:1: connection refused. Is the server running and the port right?\n'
    )
    expect(Date.now() - started).toBeLessThan(30_000)
  })

  it('says what to check when the port answers but is not a MongoDB server', async () => {
    const notMongo = createServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => notMongo.listen(0, '127.0.0.1', resolve))
    const port = (notMongo.address() as AddressInfo).port
    try {
      const run = await journey('search', 'a', '--uri', `mongodb://127.0.0.1:${port}`, '--db', 'x')
      expect(run.code).toBe(1)
      expect(run.stderr).toBe(
        `journey search: Cannot connect to 127.0.0.1:${port}: it closed the connection without answering. Is a MongoDB server listening on that port, and does it need TLS (tls=true in the connection string)?\n`
      )
    } finally {
      notMongo.close()
    }
  })
})

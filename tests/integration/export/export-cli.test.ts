import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../../src/main/app-paths'
import type { FunnelResult } from '../../../src/shared/journeys/results'
import { parseCsv } from '../../helpers/parse-csv'
import { useTestDatabase } from '../../helpers/test-server/use-test-database'
import { generateFolder, loadFolder, type GeneratedFolder } from '../journey-fixtures'
import { addTrickyCustomer, filesIn } from './export-fixtures'

/* `journey export`, run as a person runs it: `node bin/journey.mjs export ...` in a child process. */

const testDb = useTestDatabase()
const bin = join(projectRoot(), 'bin', 'journey.mjs')
let data: GeneratedFolder
let home: string

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

const server = (): string[] => ['--uri', testDb.server.uri, '--db', testDb.name]
const local = (): string[] => ['--data', data.folder]

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-export-cli-'))
  data = await generateFolder({ users: 120, seed: 31 })
  await addTrickyCustomer(data.folder)
  await loadFolder(data.folder, testDb.db)
}, 300_000)

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
  await data.remove()
})

describe('journey export', () => {
  it('writes the file, says what it wrote, and exits 0', async () => {
    const run = await journey(
      'export',
      'funnel-users',
      '--step',
      'PAGE_VIEW:/cart',
      '--step',
      'PURCHASE',
      '--users',
      'reached',
      '--at-step',
      '1',
      '--out',
      'cart.csv',
      ...server()
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    const [header, ...rows] = parseCsv(await readFile(join(home, 'cart.csv')))
    expect(header?.[0]).toBe('User id')
    expect(run.stderr).toMatch(
      new RegExp(`^Wrote ${rows.length} rows? \\(.+\\) to ${join(home, 'cart.csv')} in .+\\.\\n$`)
    )
    expect(await filesIn(home)).toEqual(['cart.csv'])
  })

  it('--group and --time-bucket narrow the users as journey funnel --users does', async () => {
    const funnel = ['--step', 'PAGE_VIEW:/cart', '--step', 'PURCHASE', '--breakdown', 'os']
    const users = ['--users', 'reached', '--at-step', '2']
    const shown = await journey('funnel', ...funnel, '--format', 'json', ...local())
    const result = JSON.parse(shown.stdout) as FunnelResult
    const group = result.breakdown?.find((g) => (g.steps[1]?.users ?? 0) > 0)
    const bucket = result.steps[1]?.timeToConvert?.findIndex((b) => b.users > 0) ?? -1
    if (!group || bucket < 0) throw new Error('the generated data has no group or bucket to test')
    for (const narrowing of [
      ['--group', group.key],
      ['--time-bucket', String(bucket + 1)]
    ]) {
      const listed = await journey(
        'funnel',
        ...funnel,
        ...users,
        ...narrowing,
        '--limit',
        '500',
        '--format',
        'json',
        ...local()
      )
      expect(listed.code).toBe(0)
      const expected = (JSON.parse(listed.stdout) as { userIds: string[] }).userIds
      expect(expected.length).toBeGreaterThan(0)
      const run = await journey(
        'export',
        'funnel-users',
        ...funnel,
        ...users,
        ...narrowing,
        '--out',
        '-',
        ...local()
      )
      expect(run.code).toBe(0)
      const [header, ...rows] = parseCsv(run.stdout)
      expect(header?.[0]).toBe('User id')
      expect(rows.map((row) => row[0])).toEqual(expected)
    }
  })

  it('writes CSV to standard output with --out -, the same as the file', async () => {
    const toFile = await journey(
      'export',
      'case-file',
      'u-tricky',
      '--out',
      'tricky.csv',
      ...local()
    )
    expect(toFile.code).toBe(0)
    const toStdout = await journey('export', 'case-file', 'u-tricky', '--out', '-', ...server())
    expect(toStdout.code).toBe(0)
    expect(toStdout.stdout).toBe(await readFile(join(home, 'tricky.csv'), 'utf8'))
    expect(toStdout.stderr).toMatch(/^Wrote 10 rows \(.+\) to standard output in .+\.\n$/)
  })

  it('takes --columns, --bom and --no-formula-guard, and lists the columns', async () => {
    const columns = await journey('export', 'search', 'u-tricky', '--list-columns', ...local())
    expect(columns.code).toBe(0)
    expect(columns.stdout.split('\n')[0]).toBe('userId\tUser id')
    const run = await journey(
      'export',
      'search',
      'u-tricky',
      '--columns',
      'email,userId',
      '--bom',
      '--no-formula-guard',
      '--out',
      '-',
      ...local()
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('\ufeffEmail,User id\r\n=cmd|calc@example.com,u-tricky\r\n')
  })

  it('exports a raw collection in a date range', async () => {
    const run = await journey(
      'export',
      'collection',
      'events',
      '--from',
      '2025-03-01',
      '--to',
      '2025-04-01',
      '--out',
      'events.csv',
      ...server()
    )
    expect(run.code).toBe(0)
    const rows = parseCsv(await readFile(join(home, 'events.csv'))).slice(1)
    const count = await testDb.db.collection('events').countDocuments({
      timestamp: { $gte: new Date('2025-03-01'), $lt: new Date('2025-04-01') }
    })
    expect(rows.length).toBe(count)
  })

  it.each([
    [['export'], /which export\? one of case-file, funnel-users/],
    [['export', 'nope', '--out', 'x.csv'], /unknown export "nope"/],
    [['export', 'case-file', 'u000001'], /where to\? --out FILE\.csv/],
    [
      ['export', 'funnel-users', '--step', 'PAGE_VIEW', '--step', 'PURCHASE', '--out', 'x.csv'],
      /needs --users/
    ],
    [
      [
        'export',
        'funnel-users',
        '--step',
        'PAGE_VIEW',
        '--step',
        'PURCHASE',
        '--users',
        'reached',
        '--at-step',
        '2',
        '--group',
        'Chrome',
        '--out',
        'x.csv'
      ],
      /--group: a breakdown group needs the funnel broken down by browser or OS/
    ],
    [
      ['export', 'collection', 'orders', '--out', 'x.csv'],
      /--collection must be one of users, sessions, events/
    ],
    [['export', 'search', 'a', '--columns', 'nope', '--out', 'x.csv'], /Unknown column "nope"/],
    [['export', 'case-file', 'u999999', '--out', 'x.csv'], /No customer has the id "u999999"/]
  ])('bad input %j: one line, exit 2, no file', async (args, message) => {
    const run = await journey(...args, ...local())
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(existsSync(join(home, 'x.csv'))).toBe(false)
  })

  it('Ctrl-C stops it, removes the partial file and says how far it got (exit 1)', async () => {
    // About 60,000 events: a dozen cursor batches. The data set above is one or two batches, which
    // an export written a page at a time finishes before the signal arrives.
    const big = await generateFolder({ users: 1300, seed: 32 })
    const bigDb = testDb.client.db(`${testDb.name}_big`)
    try {
      await loadFolder(big.folder, bigDb)
      await interruptExport(['--uri', testDb.server.uri, '--db', bigDb.databaseName])
    } finally {
      await bigDb.dropDatabase()
      await big.remove()
    }
  }, 300_000)
})

/** `journey export collection events` into a file, interrupted with SIGINT once rows are written. */
async function interruptExport(source: string[]): Promise<void> {
  const child = spawn(
    process.execPath,
    [bin, 'export', 'collection', 'events', '--out', 'interrupted.csv', '--progress', ...source],
    { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  child.stderr.setEncoding('utf8')
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk
      // Once rows are being written, interrupt.
      if (/Writing [\d,]+ rows/.test(stderr)) resolve()
    })
    void exited.then(() => {
      resolve()
    })
  })
  child.kill('SIGINT')
  expect(await exited).toBe(1)
  expect(stderr).toMatch(
    /journey export: Export cancelled after [\d,]+ rows; the partial file was removed, no file was saved\.\n$/
  )
  expect(await filesIn(home)).not.toContain('interrupted.csv')
  expect(await filesIn(home)).not.toContain('interrupted.csv.partial')
}

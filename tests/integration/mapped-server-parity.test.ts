import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EJSON } from 'bson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoFolder } from '../../src/main/data/demo/generate-demo-folder'
import { DEMO_SHAPE_SPECS } from '../../src/main/data/demo/shapes/demo-shape'
import { EVENT_TYPES } from '../../src/shared/journeys/documents'
import { readFolderCollections } from '../helpers/read-folder-collections'
import { runCliInMemory } from '../helpers/run-cli-in-memory'
import { useTestDatabase } from '../helpers/test-server/use-test-database'

/*
 * `journey … --uri … --db … --mapping FILE.json` on the test server (reducer strategy) holding
 * Segment- and PostHog-shaped data answers exactly as the same command on the folder of that data
 * (its mapped copy, local engine), for search, case files, funnels, flows and the overview.
 */

const testDb = useTestDatabase()
let home: string

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-mapped-server-'))
})

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

function answerOf(stdout: string): Record<string, unknown> {
  const {
    plan: _plan,
    computedAt: _computedAt,
    ...rest
  } = EJSON.parse(stdout, { relaxed: true }) as Record<string, unknown>
  return rest
}

/** What an answer found: two answers that both find nothing prove nothing. */
function substance(answer: Record<string, unknown>): number {
  const a = answer as {
    customers?: unknown[]
    sessions?: unknown
    steps?: { users: number }[]
    edges?: unknown[]
    days?: unknown[]
  }
  if (a.customers) return a.customers.length
  if (a.steps) return a.steps[1]?.users ?? 0
  if (a.edges) return a.edges.length
  if (a.days) return a.days.length
  return Array.isArray(a.sessions) ? a.sessions.length : 0
}

describe.each(['segment', 'posthog'] as const)('the %s shape on the test server', (shape) => {
  const spec = DEMO_SHAPE_SPECS[shape]
  const cart = spec.eventNames[EVENT_TYPES.addToCart] ?? ''
  let folder: string
  let mappingFile: string
  let server: string[]

  beforeAll(async () => {
    folder = join(home, shape)
    await generateDemoFolder({ outDir: folder, users: 120, seed: 12, shape })
    mappingFile = join(home, `${shape}.json`)
    await writeFile(mappingFile, JSON.stringify(spec.mapping))
    const database = `${testDb.name}_${shape}`
    const db = testDb.client.db(database)
    await db.dropDatabase()
    for (const [name, documents] of Object.entries(await readFolderCollections(folder))) {
      await db.collection(name).insertMany(documents as Record<string, unknown>[])
    }
    // The index the mapped finds sort on.
    await db.collection(spec.mapping.events.collection).createIndex({
      [spec.mapping.events.userId]: 1
    })
    server = ['--uri', testDb.server.uri, '--db', database]
  }, 300_000)

  afterAll(async () => {
    await testDb.client.db(`${testDb.name}_${shape}`).dropDatabase()
  })

  const commands = (): [string, string[]][] => [
    ['search', ['search', 'a', '--limit', '5']],
    ['search by id', ['search', 'u000007']],
    ['customer', ['customer', 'u000007', '--sessions-limit', '4']],
    ['funnel', ['funnel', '--step', 'PAGE_VIEW:/product/*', '--step', cart, '--step', 'PURCHASE']],
    [
      'funnel strict by browser in a range',
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
        '2025-06-01',
        '--to',
        '2026-01-01T00:00:00Z'
      ]
    ],
    ['flows', ['flows', '--from-page', '/cart', '--depth', '3', '--top', '4']],
    ['flows to, by OS', ['flows', '--to-page', '/checkout', '--os', 'Windows', '--os', 'macOS']],
    ['overview', ['overview', '--time-zone', 'Europe/Berlin', '--top-pages', '5']]
  ]

  it('answers every query as the mapped folder does', async () => {
    for (const [label, args] of commands()) {
      const local = await runCliInMemory([...args, '--data', folder, '--mapping', mappingFile])
      expect(local.code, `${label}: ${local.stderr}`).toBe(0)
      const expected = answerOf(local.stdout)
      expect(substance(expected), label).toBeGreaterThan(0)
      const remote = await runCliInMemory([...args, ...server, '--mapping', mappingFile])
      expect(remote.code, `${label}: ${remote.stderr}`).toBe(0)
      expect(answerOf(remote.stdout), label).toEqual(expected)
      expect(remote.stderr, label).toContain('Page views are named PAGE_VIEW')
      const plan = (EJSON.parse(remote.stdout, { relaxed: true }) as { plan: { notes: string[] } })
        .plan
      expect(plan.notes.join(' '), label).toContain('Read through the field mapping')
    }
  }, 600_000)

  it('answers an empty range with an empty answer, not "no events collection"', async () => {
    // The data's events are in its own collection (tracks, events of PostHog): no reason to give.
    const run = await runCliInMemory([
      'overview',
      '--from',
      '2031-01-01',
      '--to',
      '2031-02-01',
      ...server,
      '--mapping',
      mappingFile
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(answerOf(run.stdout)).toMatchObject({ days: [], totals: { users: 0 } })
  }, 120_000)
})

import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EJSON } from 'bson'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { locateCollectionFiles } from '../../../src/main/data/ndjson/collection-files'
import { readCollectionFile } from '../../../src/main/data/ndjson/ndjson-reader'
import type { CacheSection } from '../../../src/main/engine/local/cache/cache-format'
import { besideCachePath, userCachePath } from '../../../src/main/engine/local/cache/cache-location'
import { FileColumns } from '../../../src/main/engine/local/cache/file-columns'
import { writeDatasetCache } from '../../../src/main/engine/local/cache/write-dataset-cache'
import { ColumnarDataset } from '../../../src/main/engine/local/columnar-dataset'
import type {
  ColumnSource,
  MemoryColumns
} from '../../../src/main/engine/local/columns/column-source'
import { loadDocumentSources } from '../../../src/main/engine/local/load-document-sources'
import { loadNdjsonFolder } from '../../../src/main/engine/local/load-ndjson-folder'
import {
  forgetLocalDataset,
  loadLocalDataset
} from '../../../src/main/engine/local/local-dataset-cache'
import { LocalJourneyEngine, openLocalEngine } from '../../../src/main/engine/local/local-engine'
import { useTempFolders } from '../data/temp-folder'
import { FLOWS, FUNNEL_MODES, FUNNELS, OVERVIEWS } from '../pipelines/parity-queries'
import { testContext } from '../pipelines/parity-data'
import { writeWorkspaceFixture } from './workspace-fixture'

type FunnelShape = (typeof FUNNELS)[string]

const tempFolder = useTempFolders()
const ctx = testContext()

/** Every section of `a`, compared with `b`'s (typed arrays by value, JSON deeply). */
function expectSameSections(a: MemoryColumns, b: ColumnSource, skip: (name: string) => boolean) {
  let compared = 0
  for (const { name, kind } of a.sections()) {
    if (skip(name)) continue
    compared++
    const read = (source: ColumnSource): unknown => {
      switch (kind) {
        case 'json':
          return source.json(name)
        case 'f64':
          return Array.from(source.float64(name))
        case 'i32':
          return Array.from(source.int32(name))
        case 'u32':
          return Array.from(source.uint32(name))
        default:
          return Array.from(source.bytes(name))
      }
    }
    expect(read(b), name).toEqual(read(a))
  }
  expect(compared).toBeGreaterThan(30)
}

/** Every answer of the parity matrix (funnels in each mode, flows, overviews), by name. */
async function answers(engine: LocalJourneyEngine): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  const strip = <T extends { plan: unknown }>({ plan: _plan, ...answer }: T) => answer
  for (const [name, shape] of Object.entries(FUNNELS)) {
    for (const mode of FUNNEL_MODES) {
      out[`funnel ${mode} ${name}`] = strip(await engine.funnel({ ...shape, mode }, ctx))
    }
  }
  for (const [name, query] of Object.entries(FLOWS))
    out[`flows ${name}`] = strip(await engine.flows(query, ctx))
  for (const [name, query] of Object.entries(OVERVIEWS)) {
    out[`overview ${name}`] = strip(await engine.overview(query, ctx))
  }
  out['overview with metadata'] = strip(
    await engine.overview(
      {
        range: {},
        segment: { metadataEquals: [{ key: 'currency', value: 'EUR' }] },
        timeZone: 'UTC',
        topPages: 5
      },
      ctx
    )
  )
  out.search = strip(await engine.searchCustomers({ text: 'a', limit: 50 }, ctx))
  for (const userId of ['odd-user-a', 'u000007', 'u000042']) {
    out[`case ${userId}`] = strip(
      await engine.customerCaseFile({ userId, sessions: { offset: 0, limit: 500 } }, ctx)
    )
  }
  return out
}

describe('the columnar load', () => {
  let folder = ''
  let fromLines: MemoryColumns
  let fromDocuments: MemoryColumns
  let parsed: { users: unknown[]; sessions: unknown[]; events: unknown[] }

  beforeAll(async () => {
    folder = await writeWorkspaceFixture(await tempFolder())
    const files = await locateCollectionFiles(folder)
    fromLines = await loadNdjsonFolder(files)
    const read = async (name: 'users' | 'sessions' | 'events') => {
      const docs = []
      for await (const record of readCollectionFile(files[name], name)) docs.push(record)
      return docs
    }
    const [users, sessions, events] = await Promise.all([
      read('users'),
      read('sessions'),
      read('events')
    ])
    parsed = {
      users: users.map((r) => r.document),
      sessions: sessions.map((r) => r.document),
      events: events.map((r) => r.document)
    }
    fromDocuments = await loadDocumentSources({ users, sessions, events })
  }, 120_000)

  it('reads lines from their bytes into exactly the columns of the parsed documents', () => {
    // Document text differs in form only (the file's own line vs. written anew): compared below.
    expectSameSections(
      fromLines,
      fromDocuments,
      (name) => name.startsWith('users.docs') || name.startsWith('sessions.docs')
    )
  })

  it('gives back every document exactly, with its keys in file order', () => {
    const dataset = new ColumnarDataset('lines', fromLines)
    const canonical = (doc: unknown) => EJSON.stringify(doc, { relaxed: false })
    const byId = new Map(
      parsed.events.map((doc) => [canonical((doc as { _id: unknown })._id), canonical(doc)])
    )
    expect(dataset.eventCount).toBe(parsed.events.length)
    for (let i = 0; i < dataset.eventCount; i++) {
      const doc = dataset.eventDocument(i)
      expect(canonical(doc)).toBe(byId.get(canonical(doc._id)))
    }
    const users = parsed.users.map(canonical).sort()
    const rebuiltUsers = []
    for (let u = 0; u < dataset.userCount; u++) {
      if (dataset.hasUserDocument(u)) rebuiltUsers.push(canonical(dataset.userDocument(u)))
    }
    expect(rebuiltUsers.sort()).toEqual(users)
    const sessions = parsed.sessions.map(canonical).sort()
    const rebuiltSessions = []
    for (let s = 0; s < dataset.sessionCount; s++) {
      if (dataset.hasSessionDocument(s)) rebuiltSessions.push(canonical(dataset.sessionDocument(s)))
    }
    expect(rebuiltSessions.sort()).toEqual(sessions)
    // The odd lines took the slow path and kept their oddities.
    const odd = (id: string) => {
      for (let i = 0; i < dataset.eventCount; i++) {
        const doc = dataset.eventDocument(i)
        if (doc._id === id) return doc as unknown as Record<string, unknown>
      }
      throw new Error(`no event ${id}`)
    }
    expect(odd('w-05').source).toBe('web')
    expect(Object.keys(odd('w-12'))[0]).toBe('metadata')
    expect(Object.getOwnPropertyDescriptor(odd('w-08').metadata, '__proto__')?.value).toBe('sneaky')
    expect((odd('w-09').metadata as Record<string, unknown>).pageUrl).toBe('/second')
    expect(Object.is((odd('w-07').metadata as Record<string, unknown>).neg, -0)).toBe(true)
  })

  it('writes a cache file that reads back section for section', async () => {
    const path = join(await tempFolder(), 'test.journey-cache')
    const bytes = await writeDatasetCache(path, fromLines, {
      folder,
      files: [],
      columnsKey: 'test',
      counts: { users: 0, sessions: 0, events: 0 }
    })
    expect((await stat(path)).size).toBe(bytes)
    const file = FileColumns.open(path)
    try {
      expectSameSections(fromLines, file, () => false)
      file.verifyAll()
    } finally {
      file.close()
    }
  })

  it('answers every query alike from the lines, the cache file and the parsed documents', async () => {
    const path = join(await tempFolder(), 'answers.journey-cache')
    await writeDatasetCache(path, fromLines, {
      folder,
      files: [],
      columnsKey: 'test',
      counts: { users: 0, sessions: 0, events: 0 }
    })
    const expected = await answers(
      new LocalJourneyEngine(new ColumnarDataset('docs', fromDocuments))
    )
    // Guard: the matrix answers real questions.
    expect(
      (
        expected['funnel ordered home, product*, cart, purchase; 1 day; by browser'] as {
          steps: { users: number }[]
        }
      ).steps[0]?.users
    ).toBeGreaterThan(50)
    expect(await answers(new LocalJourneyEngine(new ColumnarDataset('lines', fromLines)))).toEqual(
      expected
    )
    expect(
      await answers(new LocalJourneyEngine(new ColumnarDataset('file', FileColumns.open(path))))
    ).toEqual(expected)
  }, 120_000)
})

describe('the workspace cache of a folder', () => {
  const savedCacheDir = process.env.JOURNEY_CACHE_DIR
  afterEach(() => {
    if (savedCacheDir === undefined) delete process.env.JOURNEY_CACHE_DIR
    else process.env.JOURNEY_CACHE_DIR = savedCacheDir
  })

  async function freshFolder(): Promise<string> {
    process.env.JOURNEY_CACHE_DIR = await tempFolder()
    return writeWorkspaceFixture(await tempFolder(), { events: 3000, seed: 3 })
  }

  /** Opens the folder as a new process would, and a funnel's answer. */
  async function openAndAsk(folder: string) {
    forgetLocalDataset(folder)
    const dataset = await loadLocalDataset(folder)
    const engine = await openLocalEngine(folder)
    const { plan, ...answer } = await engine.funnel(
      {
        ...(FUNNELS['home, product*, cart, purchase; 1 day; by browser'] as FunnelShape),
        mode: 'ordered'
      },
      ctx
    )
    return { dataset, answer, notes: plan.notes }
  }

  it('is written on the first open and read on the next', async () => {
    const folder = await freshFolder()
    const first = await openAndAsk(folder)
    expect(first.dataset.origin).toMatchObject({
      kind: 'built',
      cachePath: besideCachePath(folder)
    })
    expect(first.notes.join(' ')).toContain('wrote the workspace cache')
    const second = await openAndAsk(folder)
    expect(second.dataset.origin).toMatchObject({
      kind: 'cache',
      cachePath: besideCachePath(folder)
    })
    expect(second.notes.join(' ')).toContain('Read from the workspace cache')
    expect(second.answer).toEqual(first.answer)
    expect(first.answer.steps[0]?.users).toBeGreaterThan(10)
  })

  const damages: [string, (bytes: Buffer) => Buffer, RegExp][] = [
    ['truncated', (bytes) => bytes.subarray(0, bytes.length - 1000), /truncated/],
    ['a flipped header byte', (bytes) => flip(bytes, 40), /header is (damaged|not readable)/],
    [
      'an older format',
      (bytes) => {
        const copy = Buffer.from(bytes)
        copy.writeUInt32LE(0, 8)
        return copy
      },
      /another version/
    ],
    ['not a cache', () => Buffer.from('hello'), /not a workspace cache/]
  ]
  for (const [what, damage, reason] of damages) {
    it(`is rebuilt, with a note, when ${what}`, async () => {
      const folder = await freshFolder()
      const { answer } = await openAndAsk(folder)
      const path = besideCachePath(folder)
      await writeFile(path, damage(await readFile(path)))
      const again = await openAndAsk(folder)
      expect(again.dataset.origin?.kind).toBe('built')
      expect(again.notes.join(' ')).toMatch(reason)
      expect(again.answer).toEqual(answer)
      const repaired = FileColumns.open(path)
      repaired.verifyAll()
      repaired.close()
    })
  }

  it('is rebuilt when a query finds a damaged section, and the query still answers', async () => {
    const folder = await freshFolder()
    const { answer } = await openAndAsk(folder)
    const path = besideCachePath(folder)
    const file = FileColumns.open(path)
    const section = file.header.sections.find((s) => s.name === 'eventTime') as CacheSection
    file.close()
    await writeFile(path, flip(await readFile(path), section.offset + 17))
    const again = await openAndAsk(folder)
    expect(again.dataset.origin?.kind).toBe('cache')
    expect(again.answer).toEqual(answer)
    expect(again.notes.join(' ')).toMatch(/failed its checksum \(section eventTime\)/)
    const repaired = FileColumns.open(path)
    repaired.verifyAll()
    repaired.close()
  })

  it('is rebuilt when a source file changes', async () => {
    const folder = await freshFolder()
    const before = await openAndAsk(folder)
    const events = join(folder, 'events.ndjson')
    const text = await readFile(events, 'utf8')
    await writeFile(events, text.split('\n').slice(0, -40).join('\n'))
    const after = await openAndAsk(folder)
    expect(after.dataset.origin?.kind).toBe('built')
    expect(after.notes.join(' ')).toMatch(/events\.ndjson changed/)
    expect(after.dataset.eventCount).toBeLessThan(before.dataset.eventCount)
  })

  it('is kept in the user cache folder, and says so, when the folder cannot take it', async () => {
    const folder = await freshFolder()
    // A directory where the cache file would go: writing beside the files fails as on a read-only
    // folder (these tests may run as root, whom permissions do not stop).
    await mkdir(join(besideCachePath(folder), 'blocked'), { recursive: true })
    const first = await openAndAsk(folder)
    expect(first.dataset.origin).toMatchObject({
      kind: 'built',
      cacheElsewhere: true,
      cachePath: userCachePath(folder)
    })
    expect(first.notes.join(' ')).toContain(
      `its workspace cache is kept in ${userCachePath(folder)}`
    )
    const second = await openAndAsk(folder)
    expect(second.dataset.origin).toMatchObject({ kind: 'cache', cacheElsewhere: true })
    expect(second.answer).toEqual(first.answer)
  })
})

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes)
  copy[at] = (copy[at] as number) ^ 0xff
  return copy
}

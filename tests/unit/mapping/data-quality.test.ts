import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import { readNdjsonFile } from '../../../src/main/data/ndjson/ndjson-reader'
import { writeNdjsonFile } from '../../../src/main/data/ndjson/ndjson-writer'
import { checkDataQuality } from '../../../src/main/mapping/doctor/check-data-quality'
import { folderDocumentSource } from '../../../src/main/mapping/doctor/document-sources'
import type { DataQualityReport } from '../../../src/shared/mapping/data-quality'
import { runCliInMemory } from '../../helpers/run-cli-in-memory'
import { SEED_MAPPING } from '../../../src/shared/mapping/field-mapping'
import type { CallContext } from '../../../src/shared/rpc/contract'

/* journey doctor: a clean demo has nothing to report; each fault planted in a copy is found, counted exactly. */

const NOW = new Date('2026-01-01T00:00:00Z')
let home: string
let clean: string
let damaged: string

type Doc = Record<string, unknown> & { _id: string }

async function readAll(path: string): Promise<Doc[]> {
  const documents: Doc[] = []
  for await (const record of readNdjsonFile(path)) documents.push(record.document as Doc)
  return documents
}

function context(): CallContext {
  return { signal: new AbortController().signal, reportProgress: () => undefined }
}

function byKind(report: DataQualityReport): Map<string, number> {
  return new Map(
    report.findings.map((finding) => [
      finding.kind === 'field-missing-or-mistyped'
        ? (finding.title.split(' ')[0] ?? '')
        : finding.kind,
      finding.count
    ])
  )
}

const cli = runCliInMemory

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-doctor-'))
  clean = join(home, 'clean')
  damaged = join(home, 'damaged')
  await generateDemoFolder({ outDir: clean, users: 40, seed: 21 })
  await generateDemoFolder({ outDir: damaged, users: 40, seed: 21 })

  // Plant one of each fault in the copy.
  const events = await readAll(join(clean, 'events.ndjson'))
  const sessions = await readAll(join(clean, 'sessions.ndjson'))
  const sessionStart = new Map(sessions.map((s) => [s._id, s.startTime as Date]))
  const pageViews = events.filter((e) => e.eventType === 'PAGE_VIEW')
  const others = events.filter((e) => e.eventType !== 'PAGE_VIEW')
  const [noTime, ghostSession, ghostUser, early, future, ancient] = others
  const cart = pageViews.find((e) => (e.metadata as { pageUrl: string }).pageUrl === '/cart')
  if (!noTime || !ghostSession || !ghostUser || !early || !future || !ancient || !cart) {
    throw new Error('the generated demo is too small to plant every fault')
  }
  delete noTime.timestamp
  ghostSession.sessionId = 'no-such-session'
  ghostUser.userId = 'no-such-user'
  early.timestamp = new Date(
    (sessionStart.get(early.sessionId as string) as Date).getTime() - 60_000
  )
  future.timestamp = new Date('2099-01-01T00:00:00Z')
  ancient.timestamp = new Date('1999-06-01T00:00:00Z')
  ;(cart.metadata as { pageUrl: string }).pageUrl = '/Cart/'
  const duplicate = { ...(events.at(-1) as Doc) }
  await writeNdjsonFile(join(damaged, 'events.ndjson'), [...events, duplicate])
  const lonely = { ...(sessions[0] as Doc), _id: 'session-with-no-events' }
  await writeNdjsonFile(join(damaged, 'sessions.ndjson'), [...sessions, lonely])
  await writeFile(
    join(home, 'segment-mapping.json'),
    JSON.stringify(DEMO_SHAPE_SPECS.segment.mapping)
  )
}, 60_000)

afterAll(async () => {
  await rm(home, { recursive: true, force: true })
})

describe('journey doctor', () => {
  it('finds nothing wrong in a freshly generated demo, having read every document', async () => {
    const report = await checkDataQuality(folderDocumentSource(clean), SEED_MAPPING, context(), NOW)
    expect(report.findings).toEqual([])
    expect(report.documents.events).toBeGreaterThan(1000)
    expect(report.documents.sessions).toBeGreaterThan(40)
    expect(report.documents.users).toBe(40)
    const timestamp = report.fields.find((f) => f.collection === 'events' && f.role === 'timestamp')
    expect(timestamp).toMatchObject({ checked: report.documents.events, missing: 0, wrongType: 0 })
  })

  it('finds each planted fault, counted exactly, with its example ids', async () => {
    const report = await checkDataQuality(
      folderDocumentSource(damaged),
      SEED_MAPPING,
      context(),
      NOW
    )
    const found = byKind(report)
    expect(found.get('events.timestamp')).toBe(1)
    expect(found.get('event-without-session')).toBe(1)
    expect(found.get('event-without-user')).toBe(1)
    expect(found.get('session-without-events')).toBe(1)
    expect(found.get('duplicate-event-id')).toBe(1)
    expect(found.get('timestamp-in-future')).toBe(1)
    expect(found.get('timestamp-before-2000')).toBe(1)
    // The early event, and the future and ancient ones: all three lie outside their sessions.
    expect(found.get('event-outside-session')).toBe(3)
    expect(found.get('page-variants')).toBe(2)
    expect(found.size).toBe(9)
    const lonely = report.findings.find((f) => f.kind === 'session-without-events')
    expect(lonely?.examples).toEqual(['session-with-no-events'])
    const variants = report.findings.find((f) => f.kind === 'page-variants')
    expect(variants?.examples).toEqual(['/Cart/ | /cart'])
    const ghost = report.findings.find((f) => f.kind === 'event-without-user')
    expect(ghost?.userIds).toEqual(['no-such-user'])
  })

  it('--strict exits 1 on the damaged copy and 0 on the clean one; the table names the findings', async () => {
    const bad = await cli(['doctor', '--data', damaged, '--strict', '--format', 'table'])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain('with an id another event has')
    expect(bad.stderr).toMatch(/--strict: \d+ finding\(s\) pass the threshold of 0\.1%/)
    const good = await cli(['doctor', '--data', clean, '--strict'])
    expect(good.code).toBe(0)
    expect(JSON.parse(good.stdout)).toMatchObject({ findings: [] })
    // A generous threshold lets a few faults through.
    const lenient = await cli(['doctor', '--data', damaged, '--strict', '--threshold', '0.5'])
    expect(lenient.code).toBe(0)
  })

  it('reads data of another shape through --mapping, and names collections the mapping lacks', async () => {
    const segment = join(home, 'segment')
    await generateDemoFolder({ outDir: segment, users: 20, seed: 5, shape: 'segment' })
    const mapped = await cli([
      'doctor',
      '--data',
      segment,
      '--mapping',
      join(home, 'segment-mapping.json'),
      '--strict'
    ])
    expect(mapped.stderr).toBe('')
    expect(mapped.code).toBe(0)
    expect(JSON.parse(mapped.stdout)).toMatchObject({
      collections: { events: 'tracks', users: 'identifies', sessions: null }
    })
    const unmapped = await cli(['doctor', '--data', segment])
    expect(unmapped.code).toBe(2)
    expect(unmapped.stderr).toMatch(
      /The mapping reads users, sessions, events, which are not there/
    )
  })

  it('says what is wrong with a --mapping file or a --threshold, with exit code 2', async () => {
    const missing = await cli(['doctor', '--mapping', join(home, 'nope.json')])
    expect(missing).toMatchObject({ code: 2 })
    expect(missing.stderr).toContain('there is no file')
    await writeFile(join(home, 'broken.json'), '{"events": ')
    expect((await cli(['doctor', '--mapping', join(home, 'broken.json')])).stderr).toContain(
      'is not JSON'
    )
    await writeFile(join(home, 'wrong.json'), JSON.stringify({ events: { collection: 'events' } }))
    const wrong = await cli(['doctor', '--mapping', join(home, 'wrong.json')])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/is not a field mapping \(events\.userId: /)
    const threshold = await cli(['doctor', '--threshold', '5'])
    expect(threshold.code).toBe(2)
    expect(threshold.stderr).toContain('--threshold must be a share from 0 to 1')
  })
})

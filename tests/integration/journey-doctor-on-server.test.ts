import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkDataQuality } from '../../src/main/mapping/doctor/check-data-quality'
import { databaseDocumentSource } from '../../src/main/mapping/doctor/document-sources'
import { SEED_MAPPING } from '../../src/shared/mapping/field-mapping'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import { callContext, generateFolder, loadFolder, type GeneratedFolder } from './journey-fixtures'

/* journey doctor on the test server: every document read through a cursor, faults found as in a folder. */

const NOW = new Date('2026-01-01T00:00:00Z')
const testDb = useTestDatabase()
let data: GeneratedFolder

beforeAll(async () => {
  data = await generateFolder({ users: 30, seed: 8 })
  await loadFolder(data.folder, testDb.db)
})

afterAll(async () => {
  await data.remove()
})

describe('journey doctor on the test server', () => {
  it('reads every document and finds nothing in clean data', async () => {
    const report = await checkDataQuality(
      databaseDocumentSource(testDb.db),
      SEED_MAPPING,
      callContext(),
      NOW
    )
    expect(report.findings).toEqual([])
    expect(report.documents).toEqual({
      events: data.counts.events,
      sessions: data.counts.sessions,
      users: data.counts.users
    })
  })

  it('finds an event of a session that does not exist and a time in the future', async () => {
    const events = testDb.db.collection('events')
    const one = await events.findOne({ eventType: 'PAGE_VIEW' })
    if (!one) throw new Error('the generated data has page views')
    await events.insertMany([
      { ...one, _id: 'planted-1', sessionId: 'no-such-session' },
      { ...one, _id: 'planted-2', timestamp: new Date('2099-01-01T00:00:00Z') }
    ] as never)
    const report = await checkDataQuality(
      databaseDocumentSource(testDb.db),
      SEED_MAPPING,
      callContext(),
      NOW
    )
    const found = Object.fromEntries(report.findings.map((f) => [f.kind, f.examples]))
    expect(found).toEqual({
      'event-without-session': ['planted-1'],
      'timestamp-in-future': ['planted-2'],
      'event-outside-session': ['planted-2']
    })
  })

  it('names the mapped collections the database does not have', async () => {
    const mapping = { ...SEED_MAPPING, events: { ...SEED_MAPPING.events, collection: 'tracks' } }
    const check = checkDataQuality(databaseDocumentSource(testDb.db), mapping, callContext(), NOW)
    await expect(check).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(check).rejects.toThrow(/The mapping reads tracks, which is not there/)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JourneysService } from '../../src/main/services/journeys/journeys-service'
import { explainQuerySchema } from '../../src/shared/journeys/explain'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import { callContext, generateFolder, loadFolder, type GeneratedFolder } from './journey-fixtures'

/* Show query's "Explain on the server": the plan a result carries, explained by the real server. */

const testDb = useTestDatabase()
let data: GeneratedFolder
let service: JourneysService

beforeAll(async () => {
  data = await generateFolder({ users: 60, seed: 3 })
  await loadFolder(data.folder, testDb.db)
  service = new JourneysService({ demoFolder: data.folder, allowUriSources: true })
})

afterAll(async () => {
  await service.close()
  await data.remove()
})

describe('journeys.explain', () => {
  it('explains every step of a case file plan, and nothing is changed', async () => {
    const source = { kind: 'uri' as const, uri: testDb.server.uri, database: testDb.name }
    const file = await service.customerCaseFile(
      { source, userId: 'u000001', sessions: { offset: 0, limit: 5 } },
      callContext()
    )
    expect(file.plan.steps.length).toBeGreaterThan(0)
    const before = await testDb.db.collection('events').countDocuments()
    const explained = await service.explain({ source, steps: file.plan.steps }, callContext())
    expect(explained.steps.map((step) => [step.collection, step.operation])).toEqual(
      file.plan.steps.map((step) => [step.collection, step.operation])
    )
    for (const step of explained.steps) {
      expect(step.summary.length).toBeGreaterThan(0)
      expect(['IXSCAN', 'COLLSCAN', 'UNKNOWN']).toContain(step.stage)
      expect(step.raw).not.toBeNull()
    }
    if (testDb.server.flavor === 'MongoDB') {
      // The user lookup by id uses an index.
      expect(explained.steps.some((step) => step.stage === 'IXSCAN')).toBe(true)
    } else {
      // FerretDB answers with its backend's plan (PostgreSQL's nodes or SQLite's lines).
      for (const step of explained.steps) expect(step.summary.join(' ')).toMatch(/Scan|SCAN|SEARCH/)
    }
    expect(await testDb.db.collection('events').countDocuments()).toBe(before)
  })

  it('says the demo workspace has no server plan', async () => {
    await expect(
      service.explain(
        {
          source: { kind: 'demo' },
          steps: [{ collection: 'events', operation: 'find', filter: {} }]
        },
        callContext()
      )
    ).rejects.toMatchObject({ code: 'UNSUPPORTED' })
  })

  it('refuses a pipeline that writes, before anything reaches the server', () => {
    const parsed = explainQuerySchema.safeParse({
      source: { kind: 'demo' },
      steps: [
        { collection: 'events', operation: 'aggregate', pipeline: [{ $match: {} }, { $out: 'x' }] }
      ]
    })
    expect(parsed.success).toBe(false)
    expect(
      explainQuerySchema.safeParse({
        source: { kind: 'demo' },
        steps: [{ collection: 'system.users', operation: 'find' }]
      }).success
    ).toBe(false)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RECOMMENDED_INDEXES } from '../../src/main/data/recommended-indexes'
import { detectCapabilities } from '../../src/main/engine/mongo/detect-capabilities'
import { pipelineFeatureProbe } from '../../src/main/engine/pipelines/feature-probe'
import { toAppError } from '../../src/main/errors/to-app-error'
import { connectMongoClient } from '../../src/main/mongo-client/connect-mongo-client'
import { explainFind } from '../../src/main/engine/mongo/explain-find'
import {
  customerEventsFind,
  customerSearchFind,
  customerSessionsFind,
  funnelEventsFind,
  toPlanStep,
  type FindSpec
} from '../../src/main/engine/mongo/find-specs'
import { IndexAdvisor } from '../../src/main/engine/mongo/index-advisor'
import { funnelQuerySchema } from '../../src/shared/journeys/query-schemas'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import { generateFolder, loadFolder, type GeneratedFolder } from './journey-fixtures'

const testDb = useTestDatabase()
let data: GeneratedFolder

beforeAll(async () => {
  data = await generateFolder({ users: 200, seed: 11 })
})

afterAll(async () => {
  await data.remove()
})

describe('capability detection', () => {
  it('names the server and, on FerretDB, picks the reducer strategy with the failing features', async () => {
    const capabilities = await detectCapabilities(testDb.db)
    expect(capabilities.pipelineFeatures.length).toBeGreaterThanOrEqual(8)
    if (testDb.server.flavor === 'FerretDB') {
      expect(capabilities.flavor).toBe('ferretdb')
      expect(capabilities.version).toBe(testDb.server.version)
      expect(capabilities.strategy).toBe('reducer')
      const failing = capabilities.pipelineFeatures.filter((feature) => !feature.supported)
      expect(failing.map((feature) => feature.name)).toContainEqual(
        expect.stringContaining('$setWindowFields')
      )
      console.log(
        `FerretDB ${capabilities.version}: failing probes: ${failing.map((f) => f.name.split(/[ ,]/)[0]).join(' ')}`
      )
    } else {
      expect(capabilities.flavor).toBe('mongodb')
      expect(capabilities.version).toBe(testDb.server.version)
      const [major = 0, minor = 0] = capabilities.version.split('.').map(Number)
      if (major > 5 || (major === 5 && minor >= 1)) expect(capabilities.strategy).toBe('pipeline')
    }
  })

  it('probes a server without $documents on a scratch collection, and drops it', async () => {
    const before = await testDb.db.listCollections({}, { nameOnly: true }).toArray()
    const capabilities = await detectCapabilities(testDb.db)
    const after = await testDb.db.listCollections({}, { nameOnly: true }).toArray()
    expect(after.map((c) => c.name).sort()).toEqual(before.map((c) => c.name).sort())
    const feature = (prefix: string) =>
      capabilities.pipelineFeatures.find((candidate) => candidate.name.startsWith(prefix))
    // FerretDB lacks $documents, but runs $match, $sort, $skip and $limit: not reported missing.
    expect(feature('$match (')?.supported).toBe(true)
    expect(feature('$match (')?.reason).toBeUndefined()
    if (testDb.server.flavor === 'FerretDB') {
      // What it lacks is named in its own words, not as a missing $documents.
      expect(feature('$match with $expr')?.supported).toBe(false)
      expect(feature('$match with $expr')?.reason).toMatch(/\$eq is not implemented/)
      expect(feature('$setWindowFields')?.reason).toMatch(/\$setWindowFields" is not implemented/)
      for (const missing of capabilities.pipelineFeatures.filter((f) => !f.supported))
        expect(missing.reason).not.toMatch(/\$documents/)
    } else {
      expect(
        capabilities.pipelineFeatures.every((f) => f.reason === undefined || !f.supported)
      ).toBe(true)
    }
  })

  it('treats a cancelled detection as cancelled, not as missing features', async () => {
    // Cancelled while the probes run: as the first probe aggregate goes to the server.
    const sent: string[] = []
    const controller = new AbortController()
    const client = await connectMongoClient(testDb.server.uri, {
      onCommand: (event) => {
        sent.push(event.commandName)
        if (event.commandName === 'aggregate') controller.abort()
      }
    })
    try {
      const detecting = detectCapabilities(client.db(testDb.name), { signal: controller.signal })
      const error = await detecting.then(
        () => null,
        (failure: unknown) => failure
      )
      expect(error, 'a cancelled detection must fail, not answer').not.toBeNull()
      expect(toAppError(error, { signal: controller.signal }).code).toBe('CANCELLED')
      expect(toAppError(error).code).toBe('CANCELLED')
      // It stopped: the first probe went out, no other probe followed it.
      expect(sent.filter((name) => name === 'aggregate')).toEqual(['aggregate'])
      // And nothing was remembered as unsupported: a new detection finds every feature again.
      const again = await detectCapabilities(client.db(testDb.name))
      expect(again.pipelineFeatures.map((f) => f.name)).toEqual(
        pipelineFeatureProbe.map((p) => p.name)
      )
      const fresh = await detectCapabilities(testDb.db)
      expect(again.pipelineFeatures).toEqual(fresh.pipelineFeatures)
    } finally {
      await client.close()
    }
  })
})

describe('index advisor and explain', () => {
  it('notes every missing recommended index on an empty database', async () => {
    const advisor = new IndexAdvisor(testDb.client.db(`${testDb.name}_empty`))
    const statuses = await advisor.status()
    expect(statuses.every((status) => status.existingName === null)).toBe(true)
    const notes = await advisor.notesFor([], ['events', 'sessions', 'users'])
    expect(notes).toHaveLength(RECOMMENDED_INDEXES.length)
    expect(notes[0]).toMatch(
      /^Missing index events \{ userId: 1, timestamp: 1, _id: 1 \}: without it /
    )
  })

  it('finds the recommended indexes after a load and has nothing to say about them', async () => {
    await loadFolder(data.folder, testDb.db)
    const advisor = new IndexAdvisor(testDb.db)
    const statuses = await advisor.status()
    for (const status of statuses) expect(status.existingName).toBe(status.index.name)
    const query = funnelQuerySchema.parse({
      source: { kind: 'demo' },
      steps: [{ eventType: 'PAGE_VIEW' }, { eventType: 'PURCHASE' }]
    })
    const { source: _source, ...engineQuery } = query
    const notes = await advisor.notesFor([toPlanStep(funnelEventsFind(engineQuery))], ['events'])
    expect(notes).toEqual([])
    // FerretDB 1.x rejects collations, so the email index exists without one: that is noted.
    const userNotes = await advisor.notesFor([], ['users'])
    if (testDb.server.flavor === 'FerretDB')
      expect(userNotes[0]).toMatch(/no case-insensitive collation/)
    else expect(userNotes).toEqual([])
  })

  it('explains the case-file and search lookups', async () => {
    const lookups: [string, FindSpec, string][] = [
      ['user by id', { collection: 'users', filter: { _id: 'u000042' } }, '_id_'],
      ['sessions of a user', customerSessionsFind('u000042'), 'userId_1_startTime_-1'],
      ['events of a user', customerEventsFind('u000042', []), 'userId_1_timestamp_1__id_1'],
      ['search', customerSearchFind('u000042'), '_id_']
    ]
    for (const [label, spec, index] of lookups) {
      const explanation = await explainFind(testDb.db, spec)
      console.log(
        `explain ${label} on ${testDb.server.flavor}: ${explanation.stage} ${explanation.indexName ?? '-'} | ${explanation.summary.join(' / ')}${
          explanation.pushdown
            ? ` | filterPushdown=${explanation.pushdown.filter} sortPushdown=${explanation.pushdown.sort}`
            : ''
        }`
      )
      expect(explanation.summary.length).toBeGreaterThan(0)
      if (testDb.server.flavor === 'MongoDB') {
        expect(explanation.stage).toBe('IXSCAN')
        if (label !== 'search') expect(explanation.indexName).toBe(index)
      } else {
        // FerretDB 1.24 on SQLite plans every find as a table scan (it only pushes `_id`
        // equality down into the SQL); the explain is read, and says so.
        expect(explanation.server).toBe('ferretdb')
        expect(['COLLSCAN', 'IXSCAN']).toContain(explanation.stage)
        expect(explanation.pushdown).toBeDefined()
      }
    }
  })
})

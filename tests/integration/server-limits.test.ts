import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient, type CommandStartedEvent, type Db, type Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { composeServices, type ComposedServices } from '../../src/main/compose-services'
import { queryLimitsFrom } from '../../src/main/engine/mongo/query-limits'
import { ReducerEngine } from '../../src/main/engine/mongo/reducer-engine'
import { JsonFileConnectionRepository } from '../../src/main/services/connections/json-file-repository'
import { JsonFileSavedFunnelsRepository } from '../../src/main/services/funnels/json-file-saved-funnels-repository'
import { SessionSecretBox } from '../../src/main/services/connections/secret-box'
import {
  DEFAULT_QUERY_SETTINGS,
  type QuerySettings
} from '../../src/shared/contracts/connections-contract'
import type { DataSource } from '../../src/shared/journeys/data-source'
import { customerCaseFileSchema, funnelQuerySchema } from '../../src/shared/journeys/query-schemas'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import { callContext, generateFolder, loadFolder, type GeneratedFolder } from './journey-fixtures'

/*
 * Limits a server deserves: every query carries the connection's maxTimeMS for its kind (lookups
 * short, analyses long) and its read preference; a query that runs over says which limit it hit and
 * where to raise it; new settings apply to the next query.
 */

const testDb = useTestDatabase()
let data: GeneratedFolder
let home: string
let services: ComposedServices
let connectionId: string
let source: DataSource

const STRICT_FUNNEL = {
  mode: 'strict' as const,
  steps: [{ eventType: 'PAGE_VIEW', pageUrl: '/product/*' }, { eventType: 'PURCHASE' }]
}

beforeAll(async () => {
  data = await generateFolder({ users: 1200, seed: 8 })
  await loadFolder(data.folder, testDb.db)
  home = await mkdtemp(join(tmpdir(), 'jw-limits-'))
  services = composeServices({
    repository: new JsonFileConnectionRepository(join(home, 'connections.json')),
    secrets: new SessionSecretBox(),
    savedFunnels: new JsonFileSavedFunnelsRepository(join(home, 'saved-funnels.json')),
    demoFolder: data.folder,
    workspacesFolder: join(home, 'workspaces')
  })
  const added = await services.connections.add({ name: 'limits', uri: testDb.server.uri })
  connectionId = added.id
  source = { kind: 'connection', connectionId, database: testDb.name }
}, 300_000)

afterAll(async () => {
  await services.close()
  await rm(home, { recursive: true, force: true })
  await data.remove()
})

/** A Db whose finds are recorded with the options the engine gave them. */
function recordingFinds(db: Db, finds: { collection: string; options: Document }[]): Db {
  return new Proxy(db, {
    get(target, property) {
      if (property !== 'collection') return Reflect.get(target, property, target) as unknown
      return (name: string) => {
        const collection = target.collection(name)
        return new Proxy(collection, {
          get(inner, key) {
            if (key === 'find') {
              return (filter: Document, options: Document) => {
                finds.push({ collection: name, options })
                return inner.find(filter, options)
              }
            }
            const value: unknown = Reflect.get(inner, key, inner)
            return typeof value === 'function' ? (value as () => unknown).bind(inner) : value
          }
        })
      }
    }
  })
}

describe('time limits and read preference per connection', () => {
  it('give lookups and analyses their own maxTimeMS and every read the read preference', async () => {
    const settings: QuerySettings = {
      lookupMaxTimeMS: 45_000,
      analysisMaxTimeMS: 90_000,
      readPreference: { mode: 'secondaryPreferred', tags: [{ nodeType: 'ANALYTICS' }] }
    }
    const client = new MongoClient(testDb.server.uri, { monitorCommands: true })
    const sent: CommandStartedEvent[] = []
    client.on('commandStarted', (event) => sent.push(event))
    const finds: { collection: string; options: Document }[] = []
    try {
      await client.connect()
      const engine = new ReducerEngine(recordingFinds(client.db(testDb.name), finds), {
        limits: queryLimitsFrom(settings)
      })
      const { source: _a, ...caseFile } = customerCaseFileSchema.parse({
        source,
        userId: 'u000007'
      })
      await engine.customerCaseFile(caseFile, callContext())
      const { source: _b, ...funnel } = funnelQuerySchema.parse({ source, ...STRICT_FUNNEL })
      const result = await engine.funnel(funnel, callContext())
      expect(result.steps[0]?.users).toBeGreaterThan(0)
    } finally {
      await client.close()
    }
    const limitsOf = (collection: string) =>
      sent
        .filter((e) => e.commandName === 'find' && e.command.find === collection)
        .map((e) => e.command.maxTimeMS as number)
    // The case file's lookups (users, sessions, events) at 45 s; the funnel's stream at 90 s.
    expect(limitsOf('users')).toEqual([45_000])
    expect(limitsOf('sessions')).toEqual([45_000])
    expect(new Set(limitsOf('events'))).toEqual(new Set([45_000, 90_000]))
    expect(finds.length).toBeGreaterThanOrEqual(4)
    for (const find of finds) {
      const preference = find.options.readPreference as { mode: string; tags?: unknown }
      expect(preference.mode).toBe('secondaryPreferred')
      expect(preference.tags).toEqual([{ nodeType: 'ANALYTICS' }])
    }
  })

  it('says which limit a query hit and where to raise it; new settings apply at once', async () => {
    await services.connections.setQuerySettings({
      id: connectionId,
      querySettings: { ...DEFAULT_QUERY_SETTINGS, analysisMaxTimeMS: 1000 }
    })
    const query = funnelQuerySchema.parse({ source, ...STRICT_FUNNEL })
    await expect(services.journeys.funnel(query, callContext())).rejects.toMatchObject({
      code: 'TIMEOUT',
      message:
        "The query took longer than the 1 s time limit for funnels, flows, the overview and exports (maxTimeMS), so the server stopped it. Raise it in the connection's query settings (Connections screen), or narrow the date range or segment.",
      details: { maxTimeMS: 1000 }
    })
    await services.connections.setQuerySettings({
      id: connectionId,
      querySettings: DEFAULT_QUERY_SETTINGS
    })
    const answered = await services.journeys.funnel(query, callContext())
    expect(answered.steps[0]?.users).toBeGreaterThan(0)
  })
})

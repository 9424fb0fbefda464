import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { composeServices, type ComposedServices } from '../../src/main/compose-services'
import { JsonFileConnectionRepository } from '../../src/main/services/connections/json-file-repository'
import { SessionSecretBox } from '../../src/main/services/connections/secret-box'
import { JsonFileSavedFunnelsRepository } from '../../src/main/services/funnels/json-file-saved-funnels-repository'
import type { Progress } from '../../src/shared/rpc/contract'
import type { DataSource } from '../../src/shared/journeys/data-source'
import {
  customerCaseFileSchema,
  funnelQuerySchema,
  overviewQuerySchema
} from '../../src/shared/journeys/query-schemas'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import {
  answerOf,
  callContext,
  generateFolder,
  loadFolder,
  type GeneratedFolder
} from './journey-fixtures'

/*
 * "Work offline" as the app runs it (the services composed as in Electron and web mode): a saved
 * connection's database copied into an offline copy answers as the server does; a cancelled copy
 * is listed as unfinished and finishes when asked again; a refresh brings the server's new events;
 * a removed copy is no source any more.
 */

const testDb = useTestDatabase()
let data: GeneratedFolder
let home: string
let services: ComposedServices
let connection: DataSource

beforeAll(async () => {
  data = await generateFolder({ users: 150, seed: 21 })
  await loadFolder(data.folder, testDb.db)
  home = await mkdtemp(join(tmpdir(), 'jw-offline-'))
  services = composeServices({
    repository: new JsonFileConnectionRepository(join(home, 'connections.json')),
    secrets: new SessionSecretBox(),
    savedFunnels: new JsonFileSavedFunnelsRepository(join(home, 'saved-funnels.json')),
    demoFolder: data.folder,
    workspacesFolder: join(home, 'workspaces')
  })
  const added = await services.connections.add({ name: 'offline', uri: testDb.server.uri })
  connection = { kind: 'connection', connectionId: added.id, database: testDb.name }
}, 600_000)

afterAll(async () => {
  await services.close()
  await rm(home, { recursive: true, force: true })
  await data.remove()
})

function connectionId(): string {
  if (connection.kind !== 'connection') throw new Error('a connection source')
  return connection.connectionId
}

async function answers(source: DataSource) {
  const journeys = services.journeys
  const context = callContext()
  const funnel = funnelQuerySchema.parse({
    source,
    steps: [{ eventType: 'PAGE_VIEW', pageUrl: '/' }, { eventType: 'PURCHASE' }]
  })
  return {
    overview: answerOf(
      await journeys.overview(overviewQuerySchema.parse({ source, timeZone: 'UTC' }), context)
    ),
    funnel: answerOf(await journeys.funnel(funnel, context)),
    caseFile: answerOf(
      await journeys.customerCaseFile(
        customerCaseFileSchema.parse({ source, userId: 'u000003' }),
        context
      )
    )
  }
}

describe('work offline', () => {
  it('a cancelled copy is unfinished; asked again it finishes and answers as the server', async () => {
    const controller = new AbortController()
    const progress: Progress[] = []
    const cancelled = services.workspaces.extract(
      { connectionId: connectionId(), database: testDb.name },
      {
        signal: controller.signal,
        reportProgress: (p) => {
          progress.push(p)
          if (p.phase === 'Copying events') controller.abort()
        }
      }
    )
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' })
    const [unfinished] = await services.workspaces.list()
    expect(unfinished).toMatchObject({ status: 'unfinished', database: testDb.name })
    const id = unfinished?.id ?? ''
    const workspace: DataSource = { kind: 'workspace', workspaceId: id }
    await expect(
      services.journeys.overview(
        overviewQuerySchema.parse({ source: workspace, timeZone: 'UTC' }),
        callContext()
      )
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: /unfinished/ })

    const ready = await services.workspaces.extract(
      { connectionId: connectionId(), database: testDb.name },
      callContext(progress)
    )
    expect(ready).toMatchObject({ id, status: 'ready', connectionId: connectionId() })
    expect(ready.counts).toEqual({
      users: await testDb.db.collection('users').countDocuments(),
      sessions: await testDb.db.collection('sessions').countDocuments(),
      events: await testDb.db.collection('events').countDocuments()
    })
    expect(progress.map((p) => p.phase)).toContain('Copying users')
    expect(await answers(workspace)).toEqual(await answers(connection))
    await expect(
      services.workspaces.extract(
        { connectionId: connectionId(), database: testDb.name },
        callContext()
      )
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /already has an offline copy/ })
  }, 600_000)

  it('a refresh brings the events the server got since; removing the copy ends it', async () => {
    const [copy] = await services.workspaces.list()
    const id = copy?.id ?? ''
    const workspace: DataSource = { kind: 'workspace', workspaceId: id }
    const last = await testDb.db
      .collection('events')
      .find({})
      .sort({ timestamp: -1, _id: -1 })
      .limit(1)
      .next()
    if (!last) throw new Error('the test database has events')
    await testDb.db.collection('events').insertOne({
      ...last,
      _id: `${String(last._id)}~later` as never,
      timestamp: new Date((last.timestamp as Date).getTime() + 60_000)
    })
    const refreshed = await services.workspaces.refresh({ id }, callContext())
    expect(refreshed.newEvents).toBe(1)
    expect(refreshed.workspace.counts?.events).toBe(copy?.counts ? copy.counts.events + 1 : -1)
    expect(refreshed.workspace.refreshedAt?.getTime()).toBeGreaterThan(
      copy?.refreshedAt?.getTime() ?? Infinity
    )
    expect(await answers(workspace)).toEqual(await answers(connection))

    expect(await services.workspaces.remove({ id })).toEqual({ removed: true })
    expect(await services.workspaces.list()).toEqual([])
    await expect(
      services.journeys.overview(
        overviewQuerySchema.parse({ source: workspace, timeZone: 'UTC' }),
        callContext()
      )
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: /no longer exists/ })
  }, 600_000)
})

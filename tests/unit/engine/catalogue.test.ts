import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EventDocument, SessionDocument } from '../../../src/shared/journeys/documents'
import type { CatalogueResult } from '../../../src/shared/journeys/results'
import { catalogueQuerySchema } from '../../../src/shared/journeys/query-schemas'
import { writeNdjsonFile } from '../../../src/main/data/ndjson/ndjson-writer'
import { PipelineEngine } from '../../../src/main/engine/mongo/pipeline-engine'
import { ReducerEngine } from '../../../src/main/engine/mongo/reducer-engine'
import { JourneysService } from '../../../src/main/services/journeys/journeys-service'
import { useTempFolders } from '../data/temp-folder'
import { mingoDb } from '../mongo-engines/mingo-db'
import type { Collections } from '../pipelines/mingo-runner'
import { localEngineOver, testContext } from '../pipelines/parity-data'

const T0 = Date.UTC(2025, 0, 1)

/**
 * 1,205 pages: page i (of /p/0000 .. /p/1204) has (i % 7) + 1 views, so ties are everywhere and the
 * 1,000 cut falls inside a tie; a few odd sessions and events besides.
 */
function manyPages(): Collections {
  const events: EventDocument[] = []
  let n = 0
  for (let i = 0; i < 1205; i++) {
    for (let v = 0; v <= i % 7; v++) {
      events.push({
        _id: `e${String(++n).padStart(5, '0')}`,
        userId: 'u1',
        sessionId: `s${i % 3}`,
        eventType: 'PAGE_VIEW',
        timestamp: new Date(T0 + n * 1000),
        metadata: { pageUrl: `/p/${String(i).padStart(4, '0')}` }
      })
    }
  }
  // Not page views with a string URL: counted as events, never as pages.
  const odd = (eventType: string, metadata?: Record<string, unknown>) =>
    events.push({
      _id: `x${String(++n).padStart(5, '0')}`,
      userId: 'u1',
      sessionId: 's0',
      eventType,
      timestamp: new Date(T0),
      ...(metadata ? { metadata } : {})
    })
  odd('PAGE_VIEW', { pageUrl: ['/p/0000'] })
  odd('PAGE_VIEW', { pageUrl: 7 })
  odd('PAGE_VIEW')
  odd('SEARCH', { pageUrl: '/p/0000' })
  const sessions: SessionDocument[] = [
    {
      _id: 's0',
      userId: 'u1',
      startTime: new Date(T0),
      deviceInfo: { browser: 'Édge', os: 'iOS' }
    },
    { _id: 's1', userId: 'u1', startTime: new Date(T0), deviceInfo: { browser: 'Edge' } },
    { _id: 's2', userId: 'u1', startTime: new Date(T0) },
    {
      _id: 's3',
      userId: 'u1',
      startTime: new Date(T0),
      deviceInfo: { browser: ['Edge'], os: 3 } as unknown as SessionDocument['deviceInfo']
    }
  ]
  return { users: [], sessions, events }
}

const lists = (result: CatalogueResult) => {
  const { computedAt: _at, fromCache: _cache, plan: _plan, ...rest } = result
  return rest
}

describe('catalogue', () => {
  it('counts event types, the 1,000 most viewed pages (of all), browsers and OS alike in every strategy', async () => {
    const local = await (
      await localEngineOver(manyPages())
    ).catalogue({ refresh: false }, testContext())
    expect(local.eventTypes).toEqual([
      { name: 'PAGE_VIEW', events: 4817 + 3 },
      { name: 'SEARCH', events: 1 }
    ])
    expect(local.pagesTotal).toBe(1205)
    expect(local.pages).toHaveLength(1000)
    // 172 pages per view count from 7 down to 3 (860), then /p/0001, /p/0008, ... with 2 views:
    // the 140th of those, /p/0974, is the 1,000th page.
    expect(local.pages[0]).toEqual({ page: '/p/0006', views: 7 })
    expect(local.pages.at(-1)).toEqual({ page: '/p/0974', views: 2 })
    expect(local.browsers).toEqual([
      { name: 'Edge', sessions: 1 },
      { name: 'Édge', sessions: 1 }
    ])
    expect(local.operatingSystems).toEqual([{ name: 'iOS', sessions: 1 }])
    expect(local.fromCache).toBe(false)
    const db = mingoDb(manyPages())
    for (const engine of [new PipelineEngine(db), new ReducerEngine(db)]) {
      const result = await engine.catalogue({ refresh: false }, testContext())
      expect(lists(result), engine.strategy).toEqual(lists(local))
      const prefixed = await engine.catalogue(
        { refresh: false, pagePrefix: '/p/11' },
        testContext()
      )
      expect([prefixed.pages.length, prefixed.pagesTotal], engine.strategy).toEqual([100, 100])
    }
  })

  const tempFolder = useTempFolders()

  it('is cached per source, refreshed on request, and answers prefixes from a full page list', async () => {
    const folder = await tempFolder()
    const data = join(folder, 'shop')
    await mkdir(data)
    const { users, sessions, events } = manyPages()
    // 300 pages only: the answer without a prefix lists them all.
    const few = events.filter((e) => !/^\/p\/(0[3-9]|1)/.test(String(e.metadata?.pageUrl)))
    await writeNdjsonFile(join(data, 'users.ndjson'), users)
    await writeNdjsonFile(join(data, 'sessions.ndjson'), sessions)
    await writeNdjsonFile(join(data, 'events.ndjson'), few)
    const service = new JourneysService({ demoFolder: data })
    const ask = (input: Record<string, unknown>) =>
      service.catalogue(
        catalogueQuerySchema.parse({ source: { kind: 'folder', path: data }, ...input }),
        testContext()
      )
    const first = await ask({})
    expect([first.fromCache, first.pagesTotal, first.pages.length]).toEqual([false, 300, 300])
    const again = await ask({})
    expect(again.fromCache).toBe(true)
    expect(again.computedAt).toEqual(first.computedAt)
    expect(lists(again)).toEqual(lists(first))
    const prefixed = await ask({ pagePrefix: '/p/01' })
    expect([prefixed.fromCache, prefixed.pagesTotal]).toEqual([true, 100])
    expect(prefixed.pages.every((p) => p.page.startsWith('/p/01'))).toBe(true)
    expect(prefixed.plan.notes.at(-1)).toMatch(/^From the cache: the list of every page/)
    await new Promise((resolve) => setImmediate(resolve))
    const refreshed = await ask({ refresh: true })
    expect(refreshed.fromCache).toBe(false)
    expect(refreshed.computedAt.getTime()).toBeGreaterThanOrEqual(first.computedAt.getTime())
    expect(lists(refreshed)).toEqual(lists(first))
    // Another source has its own entry.
    const demo = await service.catalogue(
      catalogueQuerySchema.parse({ source: { kind: 'demo' } }),
      testContext()
    )
    expect(demo.fromCache).toBe(false)
    await service.close()
  })
})

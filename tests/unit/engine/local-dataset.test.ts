import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EJSON, ObjectId } from 'bson'
import { afterEach, describe, expect, it } from 'vitest'
import { buildLocalDataset } from '../../../src/main/engine/local/local-dataset'
import {
  forgetLocalDataset,
  loadLocalDataset
} from '../../../src/main/engine/local/local-dataset-cache'
import { LocalJourneyEngine } from '../../../src/main/engine/local/local-engine'
import { callContext, event, funnelQuery, loadFixture, session, user } from './journey-fixture'

const oid = new ObjectId('65a1b2c3d4e5f60718293a4b')

describe('local dataset', () => {
  it('indexes users in BSON order and events in (user, time, _id) order', async () => {
    const dataset = await loadFixture({
      users: [user(oid, 'O', 'o@x'), user('b', 'B', 'b@x')],
      sessions: [session('s2', 'b', 0), session('s1', 'b', 10)],
      events: [
        event('e3', 'b', 's1', 'A', 5),
        event('e2', 'b', 's2', 'A', 5),
        event('e1', 'a', 's1', 'A', 9), // a user with events but no document
        event('e0', 'b', 's2', 'A', 1)
      ]
    })
    expect(dataset.userIds).toEqual(['a', 'b', oid])
    expect([0, 1, 2].map((u) => dataset.userDocument(u)?.name)).toEqual([undefined, 'B', 'O'])
    expect([0, 1, 2, 3].map((i) => dataset.eventDocument(i)._id)).toEqual(['e1', 'e0', 'e2', 'e3'])
    expect(Array.from(dataset.userEventStart)).toEqual([0, 1, 4, 4])
    // Session s1 holds e3 (t 5, user b) and e1 (t 9, user a).
    const s1 = dataset.sessions.indexOfKey('s:s1')
    const s1Events = Array.from(
      dataset.sessionEvents.subarray(
        dataset.sessionEventStart[s1],
        dataset.sessionEventStart[s1 + 1]
      )
    ).map((i) => dataset.eventDocument(i)._id)
    expect(s1Events).toEqual(['e3', 'e1'])
    const b = dataset.users.indexOfKey('s:b')
    const bSessions = Array.from(
      dataset.userSessionList.subarray(dataset.userSessionStart[b], dataset.userSessionStart[b + 1])
    ).map((s) => dataset.sessionIds[s])
    expect(bSessions).toEqual(['s1', 's2'])
  })

  it('fails with DATA_INVALID and the line for a bad document', async () => {
    const load = (events: unknown[]) =>
      buildLocalDataset('bad', {
        users: [],
        sessions: [],
        events: events.map((document, i) => ({ document, line: i + 1 }))
      })
    const good = event('e1', 'u', 's', 'A', 0)
    await expect(load([good, { ...good, timestamp: '2025-01-01' }])).rejects.toMatchObject({
      code: 'DATA_INVALID',
      details: { collection: 'events', line: 2 }
    })
    await expect(load([{ ...good, userId: null }])).rejects.toMatchObject({ code: 'DATA_INVALID' })
    await expect(
      buildLocalDataset('dup', {
        users: [user('u', 'U', 'u@x'), user('u', 'U', 'u@x')].map((document, i) => ({
          document,
          line: i + 1
        })),
        sessions: [],
        events: []
      })
    ).rejects.toMatchObject({ code: 'DATA_INVALID', details: { collection: 'users', line: 2 } })
  })

  it('stops a query with CANCELLED when the signal is aborted', async () => {
    const engine = new LocalJourneyEngine(
      await loadFixture({ events: [event('e1', 'u', 's', 'A', 0), event('e2', 'u', 's', 'B', 1)] })
    )
    const controller = new AbortController()
    controller.abort()
    const query = funnelQuery({ steps: [{ eventType: 'A' }, { eventType: 'B' }] })
    await expect(engine.funnel(query, callContext(controller.signal))).rejects.toMatchObject({
      code: 'CANCELLED'
    })
    await expect(
      engine.customerCaseFile(
        { userId: 'u', sessions: { offset: 0, limit: 5 } },
        callContext(controller.signal)
      )
    ).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})

describe('loading a folder', () => {
  let folder = ''
  afterEach(async () => {
    if (folder) {
      forgetLocalDataset(folder)
      await rm(folder, { recursive: true, force: true })
    }
  })

  const ndjson = (docs: unknown[]) =>
    docs.map((doc) => EJSON.stringify(doc, { relaxed: true })).join('\n') + '\n'

  it('loads NDJSON once per process, and again when a file changes', async () => {
    folder = await mkdtemp(join(tmpdir(), 'journey-local-'))
    await writeFile(join(folder, 'users.ndjson'), ndjson([user(oid, 'Oid', 'oid@x.com')]))
    await writeFile(
      join(folder, 'sessions.ndjson'),
      ndjson([session('s1', oid, 0, { browser: 'Chrome' })])
    )
    await writeFile(
      join(folder, 'events.ndjson'),
      ndjson([event('e1', oid, 's1', 'PAGE_VIEW', 0, { pageUrl: '/' })])
    )
    const first = await loadLocalDataset(folder)
    expect(first.userIds[0]).toBeInstanceOf(ObjectId)
    expect(first.eventDocument(0).timestamp).toBeInstanceOf(Date)
    expect(await loadLocalDataset(folder)).toBe(first)

    await writeFile(
      join(folder, 'events.ndjson'),
      ndjson([
        event('e1', oid, 's1', 'PAGE_VIEW', 0, { pageUrl: '/' }),
        event('e2', oid, 's1', 'PAGE_VIEW', 1, { pageUrl: '/a' })
      ])
    )
    const second = await loadLocalDataset(folder)
    expect(second).not.toBe(first)
    expect(second.eventCount).toBe(2)
  })

  it('says which files are missing', async () => {
    folder = await mkdtemp(join(tmpdir(), 'journey-local-'))
    await expect(loadLocalDataset(folder)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

import { constants } from 'node:fs'
import { copyFile, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Collection, Db, Document } from 'mongodb'
import { AppError } from '../../shared/errors'
import { toExtendedJsonLine } from '../data/ndjson/extended-json-line'
import { parseExtendedJsonLine } from '../data/ndjson/parse-extended-json-line'
import { loadLocalDataset } from '../engine/local/local-dataset-cache'
import { idKey } from '../engine/rules/id-key'
import { CheckpointedLines } from './checkpointed-lines'
import { eventsAfter } from './event-cursor'
import { fetchByIds, type LookupStrategy } from './fetch-by-ids'
import { forEachLineText } from './line-documents'
import {
  readManifest,
  writeManifest,
  type HighWaterMark,
  type WorkspaceManifest
} from './workspace-manifest'

export interface RefreshProgress {
  phase: 'events' | 'sessions' | 'users' | 'writing'
  done: number
  total?: number
}

export interface RefreshOptions {
  db: Db
  folder: string
  lookup: LookupStrategy
  signal?: AbortSignal
  onProgress?: (progress: RefreshProgress) => void
  /**
   * How long before the high-water mark a session may have been still open (default 2 hours):
   * such sessions, and for a whole-database workspace sessions and users that started then or
   * later, are read again (see docs/workspaces.md).
   */
  reopenWindowMs?: number
}

export interface RefreshResult {
  newEvents: number
  sessions: number
  users: number
  highWater: HighWaterMark | null
  manifest: WorkspaceManifest
  ms: number
  /** Milliseconds each step took: the new events (with what ran beside them), sessions, users, files. */
  stepsMs: { events: number; sessions: number; users: number; writing: number }
}

export const DEFAULT_REOPEN_WINDOW_MS = 2 * 3_600_000
const REFRESH_PARTIAL = '.refresh.partial'

/**
 * Brings a workspace up to date: appends the events after its high-water mark (the last event of
 * its events file, in event order), and reads again the sessions and users that may have changed
 * (the rule is in docs/workspaces.md). Every file is rewritten beside the old one and renamed into
 * place, events last: an interrupted refresh leaves the workspace as it was, or with sessions and
 * users fresher than its events, which the next refresh (reading from the same mark) completes.
 */
export async function refreshWorkspace(options: RefreshOptions): Promise<RefreshResult> {
  const started = performance.now()
  const { db, folder, signal } = options
  const window = options.reopenWindowMs ?? DEFAULT_REOPEN_WINDOW_MS
  const manifest = await readManifest(folder)
  const file = (name: string) => join(folder, `${name}.ndjson`)
  const partial = (name: string) => `${file(name)}${REFRESH_PARTIAL}`
  const checkCancelled = (): void => {
    if (signal?.aborted)
      throw new AppError('CANCELLED', 'The refresh was cancelled; nothing was changed.')
  }
  const mark = (await lastEventMark(file('events'))) ?? manifest.highWater
  const wholeDatabase = !manifest.range.from && !manifest.range.to

  // Sessions that may still have been open at the mark: their last event is near it.
  const sessionIds = new Map<string, unknown>()
  const userIds = new Map<string, unknown>()
  if (mark) {
    const dataset = await loadLocalDataset(folder, signal ? { signal } : {})
    const since = mark.timestamp.getTime() - window
    const { sessionEventStart, sessionEventTime } = dataset
    for (let s = 0; s < dataset.sessionCount; s++) {
      const last = (sessionEventStart[s + 1] as number) - 1
      if (last >= (sessionEventStart[s] as number) && (sessionEventTime[last] as number) >= since) {
        const id = dataset.sessions.id(s)
        sessionIds.set(idKey(id), id)
      }
    }
  }

  // Sessions started and users created since shortly before the mark (whole database): read
  // beside the events, which on a server without a timestamp index is a scan of its own.
  const since = mark ? new Date(mark.timestamp.getTime() - window) : null
  const recentSessions = readBeside(
    wholeDatabase && since ? { startTime: { $gte: since } } : null,
    db.collection('sessions'),
    signal
  )
  const recentUsers = readBeside(
    wholeDatabase && since ? { createdAt: { $gte: since } } : null,
    db.collection('users'),
    signal
  )

  const stepsMs = { events: 0, sessions: 0, users: 0, writing: 0 }
  let stepStarted = performance.now()
  const stepDone = (step: keyof typeof stepsMs): void => {
    stepsMs[step] = Math.round(performance.now() - stepStarted)
    stepStarted = performance.now()
  }

  // 1. New events, appended to a copy of the events file.
  await copyFile(file('events'), partial('events'), constants.COPYFILE_FICLONE)
  const events = await CheckpointedLines.open(partial('events'), await sizeOf(file('events')))
  let newEvents = 0
  let highWater = mark
  try {
    for await (const event of eventsAfter(db, manifest.range, mark, {
      ...(signal ? { signal } : {})
    })) {
      await events.write(toExtendedJsonLine(event))
      sessionIds.set(idKey(event.sessionId), event.sessionId)
      userIds.set(idKey(event.userId), event.userId)
      if (event.timestamp instanceof Date) highWater = { timestamp: event.timestamp, id: event._id }
      if (++newEvents % 5000 === 0) options.onProgress?.({ phase: 'events', done: newEvents })
    }
    checkCancelled()
    await events.checkpoint()
  } finally {
    await events.close()
  }
  options.onProgress?.({ phase: 'events', done: newEvents })
  stepDone('events')

  // 2. Sessions: started since, of the new events, near the mark (each read once).
  const sessions = await recentSessions
  await addByIds(
    sessions,
    fetchByIds(db, 'sessions', unread(sessionIds, sessions), options.lookup, signalOf(signal))
  )
  checkCancelled()
  options.onProgress?.({ phase: 'sessions', done: sessions.size })
  stepDone('sessions')
  for (const session of sessions.values()) {
    if (session.userId !== undefined) userIds.set(idKey(session.userId), session.userId)
  }

  // 3. Users: created since, of the new events and of the sessions read again.
  const users = await recentUsers
  await addByIds(
    users,
    fetchByIds(db, 'users', unread(userIds, users), options.lookup, signalOf(signal))
  )
  checkCancelled()
  options.onProgress?.({ phase: 'users', done: users.size })
  stepDone('users')

  // 4. Into place: sessions and users, then events (whose last line is the next mark).
  options.onProgress?.({ phase: 'writing', done: 0 })
  try {
    const sessionCount = await mergeDocuments(file('sessions'), partial('sessions'), sessions)
    const userCount = await mergeDocuments(file('users'), partial('users'), users)
    checkCancelled()
    await rename(partial('sessions'), file('sessions'))
    await rename(partial('users'), file('users'))
    await rename(partial('events'), file('events'))
    stepDone('writing')
    const ms = performance.now() - started
    const refreshedAt = new Date()
    const updated: WorkspaceManifest = {
      ...manifest,
      refreshedAt,
      highWater,
      counts: {
        users: userCount,
        sessions: sessionCount,
        events: manifest.counts.events + newEvents
      },
      refreshes: [
        ...manifest.refreshes,
        {
          at: refreshedAt,
          newEvents,
          sessions: sessions.size,
          users: users.size,
          ms: Math.round(ms)
        }
      ].slice(-20)
    }
    await writeManifest(folder, updated)
    return {
      newEvents,
      sessions: sessions.size,
      users: users.size,
      highWater,
      manifest: updated,
      ms,
      stepsMs
    }
  } finally {
    await Promise.all(
      ['events', 'sessions', 'users'].map((name) => rm(partial(name), { force: true }))
    )
  }
}

function signalOf(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {}
}

/**
 * The documents of a find (none without a filter), by id, read while the caller goes on: a failure
 * is kept for when the caller awaits it (never an unhandled rejection); cancelled, it stops early.
 */
function readBeside(
  filter: Document | null,
  collection: Collection,
  signal: AbortSignal | undefined
): Promise<Map<string, Document>> {
  const byId = new Map<string, Document>()
  if (!filter) return Promise.resolve(byId)
  const read = (async () => {
    const cursor = collection.find(filter, { batchSize: 5000 })
    try {
      for await (const document of cursor) {
        if (signal?.aborted) break
        byId.set(idKey(document._id), document)
      }
    } finally {
      await cursor.close()
    }
    return byId
  })()
  read.catch(() => undefined)
  return read
}

async function addByIds(byId: Map<string, Document>, documents: AsyncIterable<Document>) {
  for await (const document of documents) byId.set(idKey(document._id), document)
}

/** The ids not read yet. */
function unread(
  ids: ReadonlyMap<string, unknown>,
  read: ReadonlyMap<string, Document>
): Map<string, unknown> {
  return new Map([...ids].filter(([key]) => !read.has(key)))
}

/**
 * Writes `target`: the lines of `source` with each document found in `fresh` replaced by its fresh
 * version, then the fresh documents `source` did not have. Returns the number of documents.
 */
async function mergeDocuments(
  source: string,
  target: string,
  fresh: ReadonlyMap<string, Document>
): Promise<number> {
  const out = await CheckpointedLines.open(target, 0)
  const written = new Set<string>()
  try {
    await forEachLineText(source, async (line) => {
      const id = idKey((parseExtendedJsonLine(line) as Document)._id)
      const replacement = fresh.get(id)
      written.add(id)
      await out.write(replacement ? toExtendedJsonLine(replacement) : line)
    })
    for (const [id, document] of fresh) {
      if (!written.has(id)) {
        written.add(id)
        await out.write(toExtendedJsonLine(document))
      }
    }
    await out.checkpoint()
  } finally {
    await out.close()
  }
  return written.size
}

async function sizeOf(path: string): Promise<number> {
  const handle = await open(path, 'r')
  try {
    return (await handle.stat()).size
  } finally {
    await handle.close()
  }
}

/** The `(timestamp, _id)` of the last line of an events file, or null (empty, or no date). */
export async function lastEventMark(path: string): Promise<HighWaterMark | null> {
  const handle = await open(path, 'r')
  try {
    const size = (await handle.stat()).size
    let tail = ''
    for (let chunk = 4096; ; chunk *= 4) {
      const start = Math.max(0, size - chunk)
      const buffer = Buffer.alloc(size - start)
      await handle.read(buffer, 0, buffer.length, start)
      tail = buffer.toString('utf8').trimEnd()
      if (start === 0 || tail.lastIndexOf('\n') > 0) break
    }
    const line = tail.slice(tail.lastIndexOf('\n') + 1)
    if (line.trim() === '') return null
    const event = parseExtendedJsonLine(line) as { timestamp?: unknown; _id?: unknown }
    if (!(event.timestamp instanceof Date)) return null
    return { timestamp: event.timestamp, id: event._id as HighWaterMark['id'] }
  } finally {
    await handle.close()
  }
}

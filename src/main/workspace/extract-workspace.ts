import { mkdir, readdir, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Db, Document } from 'mongodb'
import { AppError } from '../../shared/errors'
import { toExtendedJsonLine } from '../data/ndjson/extended-json-line'
import { idKey } from '../engine/rules/id-key'
import { CheckpointedLines } from './checkpointed-lines'
import { eventBatchesAfter, type EventRange } from './event-cursor'
import {
  readExtractState,
  removeExtractState,
  sameExtract,
  STATE_FILE,
  writeExtractState,
  type ExtractState
} from './extract-state'
import { fetchByIds, type LookupStrategy } from './fetch-by-ids'
import { forEachLineDocument } from './line-documents'
import {
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  writeManifest,
  type HighWaterMark,
  type WorkspaceManifest,
  type WorkspaceOrigin
} from './workspace-manifest'

export interface ExtractProgress {
  phase: 'events' | 'sessions' | 'users'
  done: number
  /** When it can be known cheaply (whole collections). */
  total?: number
}

export interface ExtractOptions {
  db: Db
  /** The workspace folder (made if missing; must be empty, or hold an unfinished extract). */
  folder: string
  origin: WorkspaceOrigin
  range: EventRange
  lookup: LookupStrategy
  /**
   * Whether whole collections are counted for progress totals: MongoDB counts from its metadata,
   * FerretDB-class servers read every document (as long as the events' own find), so not there.
   */
  countCollections: boolean
  signal?: AbortSignal
  onProgress?: (progress: ExtractProgress) => void
  /** Events between two checkpoints (default 50,000; a checkpoint is also made every 5 s). */
  checkpointEvery?: number
  /** Milliseconds between two checkpoints (default 5,000, or `$JOURNEY_EXTRACT_CHECKPOINT_MS`). */
  checkpointMs?: number
}

export interface ExtractResult {
  folder: string
  counts: WorkspaceManifest['counts']
  highWater: HighWaterMark | null
  /** True when it went on from an interrupted extract. */
  resumed: boolean
  eventsMs: number
}

const PARTIAL = '.partial'
const OURS = new Set([
  STATE_FILE,
  ...['users', 'sessions', 'events'].map((c) => `${c}.ndjson${PARTIAL}`)
])

/**
 * Copies a database's `users`, `sessions` and `events` (all of them, or the events of a date range
 * with the sessions and users they name) into a workspace folder of NDJSON files. Events are read
 * in event order and checkpointed as they are written, so an extract that is killed or cancelled
 * goes on where its last checkpoint was when run again, with no event twice; the files get their
 * real names, and `workspace.json` is written, only once everything is there.
 */
export async function extractWorkspace(options: ExtractOptions): Promise<ExtractResult> {
  const { db, folder, origin, range, signal } = options
  await mkdir(folder, { recursive: true })
  const previous = await readExtractState(folder)
  await refuseOccupied(folder, previous !== null)
  if (previous && !sameExtract(previous, origin, range)) {
    throw new AppError(
      'INVALID_INPUT',
      `${folder} holds an unfinished extract of ${previous.origin.database} on ${previous.origin.hosts}` +
        `${describeRange(previous.range)}. Run that extract again to finish it, or choose another folder.`,
      { folder }
    )
  }
  const state: ExtractState = previous ?? {
    format: 1,
    origin,
    range,
    startedAt: new Date(),
    events: { bytes: 0, count: 0, last: null, done: false },
    sessions: { count: 0, done: false },
    users: { count: 0, done: false }
  }
  const resumed = previous !== null
  await writeExtractState(folder, state)
  const wholeDatabase = !range.from && !range.to
  const partial = (name: string) => join(folder, `${name}.ndjson${PARTIAL}`)
  const totalOf = async (collection: string): Promise<number | undefined> =>
    wholeDatabase && options.countCollections
      ? await db.collection(collection).estimatedDocumentCount()
      : undefined
  const checkCancelled = (): void => {
    if (signal?.aborted)
      throw new AppError('CANCELLED', 'The extract was cancelled; run it again to go on.')
  }

  // 1. Events, checkpointed.
  const sessionIds = new Map<string, unknown>()
  const userIds = new Map<string, unknown>()
  const noteIds = (event: { sessionId?: unknown; userId?: unknown }): void => {
    if (wholeDatabase) return
    if (event.sessionId !== undefined) sessionIds.set(idKey(event.sessionId), event.sessionId)
    if (event.userId !== undefined) userIds.set(idKey(event.userId), event.userId)
  }
  const eventsStarted = performance.now()
  if (!wholeDatabase && state.events.bytes > 0) {
    await forEachLineDocument(partial('events'), state.events.bytes, noteIds)
  }
  if (!state.events.done) {
    const total = await totalOf('events')
    const file = await CheckpointedLines.open(partial('events'), state.events.bytes)
    const every = options.checkpointEvery ?? 50_000
    const interval =
      options.checkpointMs ?? (Number(process.env.JOURNEY_EXTRACT_CHECKPOINT_MS) || 5000)
    let sinceCheckpoint = 0
    let checkpointAt = performance.now()
    const checkpoint = async (): Promise<void> => {
      state.events.bytes = await file.checkpoint()
      await writeExtractState(folder, state)
      sinceCheckpoint = 0
      checkpointAt = performance.now()
      options.onProgress?.({
        phase: 'events',
        done: state.events.count,
        ...(total ? { total } : {})
      })
    }
    try {
      const batches = eventBatchesAfter(db, range, state.events.last, signal ? { signal } : {})
      for await (const batch of batches) {
        for (const event of batch) {
          await file.write(toExtendedJsonLine(event))
          noteIds(event)
          state.events.count++
          if (event.timestamp instanceof Date) {
            state.events.last = { timestamp: event.timestamp, id: event._id }
          }
          if (++sinceCheckpoint >= every || performance.now() - checkpointAt > interval)
            await checkpoint()
        }
      }
      checkCancelled()
      await checkpoint()
      state.events.done = true
      await writeExtractState(folder, state)
    } finally {
      await file.close()
    }
  }
  const eventsMs = performance.now() - eventsStarted

  // 2. Sessions and 3. users: short next to events, so read again whole after an interruption.
  const copy = async (
    collection: 'sessions' | 'users',
    ids: Map<string, unknown>,
    onDocument?: (document: Document) => void
  ): Promise<void> => {
    const record = state[collection]
    if (record.done) {
      if (onDocument) await forEachLineDocument(partial(collection), Infinity, onDocument)
      return
    }
    const total = wholeDatabase ? await totalOf(collection) : ids.size
    const totalIfKnown = total === undefined ? {} : { total }
    const file = await CheckpointedLines.open(partial(collection), 0)
    record.count = 0
    try {
      const documents = wholeDatabase
        ? wholeCollection(db, collection, signal)
        : fetchByIds(db, collection, ids, options.lookup, { ...(signal ? { signal } : {}) })
      for await (const document of documents) {
        await file.write(toExtendedJsonLine(document))
        onDocument?.(document)
        if (++record.count % 5000 === 0)
          options.onProgress?.({ phase: collection, done: record.count, ...totalIfKnown })
      }
      checkCancelled()
      await file.checkpoint()
      options.onProgress?.({ phase: collection, done: record.count, ...totalIfKnown })
    } finally {
      await file.close()
    }
    record.done = true
    await writeExtractState(folder, state)
  }
  await copy('sessions', sessionIds, (session) => {
    if (!wholeDatabase && session.userId !== undefined)
      userIds.set(idKey(session.userId), session.userId)
  })
  await copy('users', userIds)

  // Into place: the data files, then the manifest, then the checkpoint goes.
  for (const name of ['users', 'sessions', 'events']) {
    await rename(partial(name), join(folder, `${name}.ndjson`))
  }
  const now = new Date()
  const counts = {
    users: state.users.count,
    sessions: state.sessions.count,
    events: state.events.count
  }
  await writeManifest(folder, {
    format: MANIFEST_FORMAT,
    origin,
    range,
    createdAt: now,
    refreshedAt: now,
    highWater: state.events.last,
    counts,
    refreshes: []
  })
  await removeExtractState(folder)
  return { folder, counts, highWater: state.events.last, resumed, eventsMs }
}

async function* wholeCollection(
  db: Db,
  collection: string,
  signal: AbortSignal | undefined
): AsyncGenerator<Document> {
  const cursor = db.collection(collection).find({}, { batchSize: 5000 }).sort({ _id: 1 })
  try {
    for await (const document of cursor) {
      if (signal?.aborted) return
      yield document
    }
  } finally {
    await cursor.close()
  }
}

/** Refuses a folder holding anything but an unfinished extract of ours. */
async function refuseOccupied(folder: string, resuming: boolean): Promise<void> {
  const entries = await readdir(folder)
  if (entries.includes(MANIFEST_FILE)) {
    throw new AppError(
      'INVALID_INPUT',
      `${folder} is already a workspace: bring it up to date with journey refresh ${folder}, or extract into an empty folder.`,
      { folder }
    )
  }
  const foreign = entries.filter(
    (entry) => !(resuming && OURS.has(entry)) && !entry.endsWith('.partial')
  )
  if (foreign.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `${folder} is not empty (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}): extract into an empty or new folder.`,
      { folder }
    )
  }
}

function describeRange(range: EventRange): string {
  const parts: string[] = []
  if (range.from) parts.push(`from ${new Date(range.from).toISOString()}`)
  if (range.to) parts.push(`before ${new Date(range.to).toISOString()}`)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}

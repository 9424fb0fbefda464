import { resolve } from 'node:path'
import type { Db } from 'mongodb'
import { AppError } from '../../shared/errors'
import type { CallContext } from '../../shared/rpc/contract'
import type { DatasetOrigin } from '../engine/local/cache/open-folder-dataset'
import { loadLocalDataset } from '../engine/local/local-dataset-cache'
import { identifyServer } from '../engine/mongo/detect-capabilities'
import { toAppError } from '../errors/to-app-error'
import { connectMongoClient } from '../mongo-client/connect-mongo-client'
import { describeHosts } from '../mongo-client/describe-hosts'
import { parseConnectionUri, redactUri } from '../services/connections/parse-connection-uri'
import type { EventRange } from './event-cursor'
import { extractWorkspace, type ExtractResult } from './extract-workspace'
import type { LookupStrategy } from './fetch-by-ids'
import { refreshWorkspace, type RefreshResult } from './refresh-workspace'
import { readManifest, type WorkspaceOrigin } from './workspace-manifest'

export interface ServerTarget {
  /** The full connection string (with its password, if any). */
  uri: string
  database: string
  /** The app's saved connection, recorded in the manifest so the app can refresh it. */
  connectionId?: string
}

type Report = Partial<Pick<CallContext, 'reportProgress' | 'signal'>>

const PHASES = {
  events: 'Copying events',
  sessions: 'Copying sessions',
  users: 'Copying users',
  writing: 'Writing the workspace'
} as const

/**
 * `journey extract` and the app's "Work offline": copies a database into a workspace folder
 * (resuming an interrupted extract of the same database and range), then opens it once so its
 * columnar cache is ready.
 */
export async function extractFromServer(
  target: ServerTarget,
  folder: string,
  range: EventRange,
  context: Report = {}
): Promise<ExtractResult & { cache: DatasetOrigin | null; lookup: LookupStrategy }> {
  const origin = originOf(target)
  return withDatabase(target, context, async (db, { lookup, countsFromMetadata }) => {
    const result = await extractWorkspace({
      db,
      folder: resolve(folder),
      origin,
      range,
      lookup,
      countCollections: countsFromMetadata,
      ...(context.signal ? { signal: context.signal } : {}),
      onProgress: (progress) =>
        context.reportProgress?.({
          phase: PHASES[progress.phase],
          done: progress.done,
          ...(progress.total !== undefined ? { total: progress.total } : {})
        })
    })
    const dataset = await loadLocalDataset(result.folder, context)
    return { ...result, cache: dataset.origin, lookup }
  })
}

/**
 * `journey refresh` and the app's Refresh: the events after the workspace's high-water mark and
 * the sessions and users they touch. `uri` may be left out when the manifest's needs no password.
 */
export async function refreshFromServer(
  folder: string,
  uri: string | undefined,
  context: Report = {}
): Promise<RefreshResult & { cache: DatasetOrigin | null }> {
  const path = resolve(folder)
  const manifest = await readManifest(path)
  const connection = uri ?? manifest.origin.redactedUri
  if (connection.includes('*****')) {
    throw new AppError(
      'INVALID_INPUT',
      `${path} was extracted with a password, which is not kept in the workspace: give the connection string again with --uri.`,
      { folder: path }
    )
  }
  const target = { uri: connection, database: manifest.origin.database }
  if (uri && describeHosts(uri) !== manifest.origin.hosts) {
    throw new AppError(
      'INVALID_INPUT',
      `${path} was extracted from ${manifest.origin.hosts}, not ${describeHosts(uri)}.`,
      { folder: path }
    )
  }
  return withDatabase(target, context, async (db, { lookup }) => {
    const result = await refreshWorkspace({
      db,
      folder: path,
      lookup,
      ...(context.signal ? { signal: context.signal } : {}),
      onProgress: (progress) =>
        context.reportProgress?.({ phase: PHASES[progress.phase], done: progress.done })
    })
    const dataset = await loadLocalDataset(path, context)
    return { ...result, cache: dataset.origin }
  })
}

/** What a manifest records of a server: hosts, database, and the URI without its password. */
export function originOf(target: ServerTarget): WorkspaceOrigin {
  const parsed = parseConnectionUri(target.uri)
  return {
    hosts: describeHosts(target.uri),
    database: target.database,
    redactedUri: redactUri(parsed.uriWithoutPassword, parsed.password !== null),
    ...(target.connectionId ? { connectionId: target.connectionId } : {})
  }
}

async function withDatabase<T>(
  target: ServerTarget,
  context: Report,
  use: (db: Db, server: ServerTraits) => Promise<T>
): Promise<T> {
  const hosts = describeHosts(target.uri)
  const client = await connectMongoClient(
    target.uri,
    context.signal ? { signal: context.signal } : {}
  )
  try {
    const db = client.db(target.database)
    return await use(db, await serverTraitsOf(db))
  } catch (error) {
    throw toAppError(error, {
      target: hosts,
      ...(context.signal ? { signal: context.signal } : {})
    })
  } finally {
    await client.close()
  }
}

interface ServerTraits {
  lookup: LookupStrategy
  /** Whether `estimatedDocumentCount` is cheap (metadata) rather than a read of every document. */
  countsFromMetadata: boolean
}

/**
 * MongoDB finds documents by `_id` with `$in` on its index and counts a collection from its
 * metadata; FerretDB-class servers read the whole collection for an `$in` (so one scan beats many
 * batches there) and for a count (3 s for 20,000 events on FerretDB 1.24, as long as the extract's
 * sorted find of them).
 */
async function serverTraitsOf(db: Db): Promise<ServerTraits> {
  const buildInfo = await db.admin().command({ buildInfo: 1 })
  const mongodb = identifyServer(buildInfo, {}, []).flavor === 'mongodb'
  return { lookup: mongodb ? 'in' : 'scan', countsFromMetadata: mongodb }
}

import { access } from 'node:fs/promises'
import { join } from 'node:path'
import type { MongoClient } from 'mongodb'
import type { ConnectionTestResult } from '../../../shared/contracts/connections-contract'
import { DEMO_CONNECTION_ID } from '../../../shared/contracts/connections-contract'
import { AppError } from '../../../shared/errors'
import { detectCapabilities } from '../../engine/mongo/detect-capabilities'
import { toAppError } from '../../errors/to-app-error'
import {
  connectMongoClient,
  type MongoClientSettings
} from '../../mongo-client/connect-mongo-client'
import { describeHosts } from '../../mongo-client/describe-hosts'
import { parseConnectionUri } from './parse-connection-uri'

export interface ProbeOptions {
  signal: AbortSignal
  serverSelectionTimeoutMS: number
  /** More settings for the client (command monitoring, say). */
  mongoClient?: MongoClientSettings
}

/** Connects once, pings, lists databases where allowed, and probes what the server supports. */
export async function probeMongoServer(
  connectionId: string,
  uri: string,
  options: ProbeOptions
): Promise<ConnectionTestResult> {
  const target = describeHosts(uri)
  const started = performance.now()
  const client = await connectMongoClient(uri, {
    ...options.mongoClient,
    timeoutMS: options.serverSelectionTimeoutMS,
    signal: options.signal
  })
  const abort = () => void client.close(true)
  options.signal.addEventListener('abort', abort, { once: true })
  try {
    await client.db('admin').command({ ping: 1 })
    const latencyMs = Math.round(performance.now() - started)
    const databases = await listDatabaseNames(client)
    const probeDb = client.db(parseConnectionUri(uri).defaultDatabase ?? 'test')
    const capabilities = await detectCapabilities(probeDb)
    return { connectionId, latencyMs, capabilities, databases }
  } catch (error) {
    throw toAppError(error, { target, signal: options.signal })
  } finally {
    options.signal.removeEventListener('abort', abort)
    await client.close()
  }
}

/** The demo workspace is the local engine over bundled files: check they are there. */
export async function probeDemoWorkspace(demoFolder: string): Promise<ConnectionTestResult> {
  const started = performance.now()
  for (const name of ['users', 'sessions', 'events']) {
    const found = await firstExisting([
      join(demoFolder, `${name}.ndjson.gz`),
      join(demoFolder, `${name}.ndjson`)
    ])
    if (!found) {
      throw new AppError(
        'NOT_FOUND',
        `The demo workspace is missing ${name}.ndjson in ${demoFolder}`
      )
    }
  }
  return {
    connectionId: DEMO_CONNECTION_ID,
    latencyMs: Math.round(performance.now() - started),
    capabilities: {
      flavor: 'local',
      version: 'embedded',
      pipelineFeatures: [],
      strategy: 'local'
    },
    databases: ['demo']
  }
}

async function listDatabaseNames(client: MongoClient): Promise<string[] | null> {
  try {
    const result = await client.db('admin').admin().listDatabases({ nameOnly: true })
    return result.databases.map((db) => db.name).sort()
  } catch {
    // A user without listDatabases rights can still query its own database.
    return null
  }
}

async function firstExisting(paths: string[]): Promise<string | null> {
  for (const path of paths) {
    try {
      await access(path)
      return path
    } catch {
      // try the next one
    }
  }
  return null
}

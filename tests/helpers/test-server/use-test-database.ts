import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import { MongoClient, type Db } from 'mongodb'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import './provided-context'
import type { TestServerInfo } from './test-server-info'

export interface TestDatabase {
  readonly client: MongoClient
  readonly db: Db
  readonly name: string
  readonly server: TestServerInfo
}

/**
 * Gives the calling test file its own database on the integration server, connected in beforeAll,
 * dropped and disconnected in afterAll. Read its fields inside tests or hooks, not at import time.
 */
export function useTestDatabase(): TestDatabase {
  let current: TestDatabase | undefined

  beforeAll(async () => {
    const server = requireTestServer()
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 10_000 })
    await client.connect()
    const name = uniqueDatabaseName(expect.getState().testPath ?? 'unknown')
    current = { client, db: client.db(name), name, server }
  })

  afterAll(async () => {
    if (!current) return
    try {
      await current.db.dropDatabase()
    } finally {
      await current.client.close()
      current = undefined
    }
  })

  const connected = (): TestDatabase => {
    if (!current) throw new Error('useTestDatabase(): only usable inside tests and hooks')
    return current
  }
  return {
    get client() {
      return connected().client
    },
    get db() {
      return connected().db
    },
    get name() {
      return connected().name
    },
    get server() {
      return connected().server
    }
  }
}

/** The integration server, or an error saying how to get one. */
export function requireTestServer(): TestServerInfo {
  const server = inject('testServer') as TestServerInfo | null | undefined
  if (server) return server
  const reason = inject('testServerError') as string | null | undefined
  throw new Error(reason ?? 'No test server: run this file in the vitest "integration" project')
}

/** Database names stay within what MongoDB and FerretDB's SQLite backend both accept. */
function uniqueDatabaseName(testFile: string): string {
  const stem = basename(testFile)
    .replace(/\.test\.ts$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40)
  return `test_${stem}_${randomBytes(4).toString('hex')}`
}

import { spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import { findPostgresqlBinaries } from '../helpers/test-server/postgresql-binaries'
import {
  makeScratchDir,
  recordScratchChild,
  sweepStaleScratchDirs
} from '../helpers/test-server/scratch-dir'
import { requireTestServer, useTestDatabase } from '../helpers/test-server/use-test-database'

let databaseName = ''

// After-hooks run in reverse order of registration: this one runs after useTestDatabase's cleanup.
afterAll(async () => {
  const client = new MongoClient(requireTestServer().uri)
  try {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true })
    expect(databaseName).not.toBe('')
    expect(databases.map((database) => database.name)).not.toContain(databaseName)
  } finally {
    await client.close()
  }
})

const testDb = useTestDatabase()

describe('integration test server', () => {
  it('describes the server it provides', () => {
    expect(testDb.server.uri).toMatch(/^mongodb(\+srv)?:\/\//)
    expect(['MongoDB', 'FerretDB']).toContain(testDb.server.flavor)
    expect(testDb.server.version).toMatch(/^\d+\.\d+/)
  })

  it('round-trips a document in a database of its own', async () => {
    databaseName = testDb.name
    const events = testDb.db.collection<{ customerId: string; at: Date }>('events')
    const at = new Date('2025-09-13T12:00:00.000Z')
    await events.insertOne({ customerId: 'c-1', at })

    const found = await events.findOne({ customerId: 'c-1' }, { projection: { _id: 0 } })

    expect(found).toEqual({ customerId: 'c-1', at })
    expect(databaseName).toMatch(/^test_test_server_[0-9a-f]{8}$/)
  })
})

describe('FerretDB as the test server', () => {
  it('runs on PostgreSQL where it is installed, and serves metrics of its own', async () => {
    const server = testDb.server
    if (server.kind !== 'ferretdb') return
    const postgresql = findPostgresqlBinaries()
    if (postgresql && process.env.JOURNEY_FERRETDB_BACKEND !== 'sqlite') {
      expect(server.backend).toMatchObject({ handler: 'postgresql', version: postgresql.version })
    } else {
      expect(server.backend).toEqual({ handler: 'sqlite' })
    }
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/debug\/metrics$/)
    expect(server.metricsUrl).not.toContain(':8088/')
    const metrics = await (await fetch(server.metricsUrl ?? '')).text()
    const backendName = server.backend?.handler === 'postgresql' ? 'PostgreSQL' : 'SQLite'
    expect(metrics).toMatch(new RegExp(`^ferretdb_up\\{backend_name="${backendName}"`, 'm'))
  })

  it('stops the servers of a run that died and removes their folder', async () => {
    const dir = await makeScratchDir('sweep-test')
    // A dead owner: a pid that cannot exist (above the kernel's pid_max).
    writeFileSync(join(dir, 'owner.pid'), '4194305\n')
    // Its command line names the folder, as a FerretDB's or PostgreSQL's does.
    const orphan = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)', dir], {
      stdio: 'ignore'
    })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => {
      orphan.once('exit', (_code, signal) => {
        resolve(signal)
      })
    })
    recordScratchChild(dir, orphan.pid)
    expect(sweepStaleScratchDirs()).toContain(dir)
    expect(await exited).toBe('SIGKILL')
    expect(existsSync(dir)).toBe(false)
  })

  it('leaves the folders of live runs alone', async () => {
    const dir = await makeScratchDir('sweep-live')
    try {
      expect(sweepStaleScratchDirs()).not.toContain(dir)
      expect(existsSync(join(dir, 'owner.pid'))).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

import { MongoClient } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
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

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ferretdbPostgresqlIndexSql } from '../../src/main/data/ferretdb/postgresql-equality-indexes'
import { JourneysService } from '../../src/main/services/journeys/journeys-service'
import { customerCaseFileSchema } from '../../src/shared/journeys/query-schemas'
import { runCliInMemory } from '../helpers/run-cli-in-memory'
import '../helpers/test-server/provided-context'
import { runPsql } from '../helpers/test-server/run-psql'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import {
  answerOf,
  callContext,
  generateFolder,
  loadFolder,
  type GeneratedFolder
} from './journey-fixtures'

/*
 * `journey ferretdb-sql`: on FerretDB's PostgreSQL backend, the indexes FerretDB makes for
 * createIndexes cannot serve the SQL it sends for an equality find (`_jsonb->$1 @> $2`); the GIN
 * indexes of the printed SQL can. Checked on the test server's own PostgreSQL with psql, on the
 * statement shape FerretDB 1.24 prepares (internal/backends/postgresql/query.go, filterEqual).
 */

const server = inject('testServer')
const postgresql = server?.backend?.handler === 'postgresql' ? server.backend : null
const testDb = useTestDatabase()
let data: GeneratedFolder
const psql = async (sql: string): Promise<string> =>
  (await runPsql(postgresql?.url ?? '', sql)).stdout

/** FerretDB's table for a collection of the test database, from its metadata table. */
async function tableOf(collection: string): Promise<string> {
  const name = await psql(
    `SELECT _jsonb->>'table' FROM "${testDb.name}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = '${collection}'`
  )
  return name.trim()
}

/** PostgreSQL's plan for FerretDB's equality find of `field` = the string `value`. */
async function planOfEqualityFind(collection: string, field: string, value: string) {
  const table = `"${testDb.name}"."${await tableOf(collection)}"`
  return psql(
    [
      'SET enable_seqscan = off;',
      `PREPARE ferretdb_find(text, jsonb) AS SELECT _jsonb FROM ${table} WHERE _jsonb->$1 @> $2;`,
      `EXPLAIN (COSTS OFF) EXECUTE ferretdb_find('${field}', '${JSON.stringify(value)}');`
    ].join(' ')
  )
}

describe.skipIf(postgresql === null)('FerretDB on PostgreSQL: indexes for equality finds', () => {
  beforeAll(async () => {
    data = await generateFolder({ users: 60, seed: 9 })
    await loadFolder(data.folder, testDb.db)
  }, 300_000)

  afterAll(async () => {
    await data.remove()
  })

  it('makes the case-file finds index lookups instead of table scans', async () => {
    const shapes: [string, string, string][] = [
      ['users', '_id', 'u000001'],
      ['sessions', 'userId', 'u000001'],
      ['events', 'userId', 'u000001'],
      ['events', 'sessionId', 's0000001']
    ]
    // As loaded: FerretDB's btree indexes on `_jsonb->'field'` cannot serve `@>`.
    for (const [collection, field, value] of shapes) {
      const plan = await planOfEqualityFind(collection, field, value)
      expect(plan, `${collection}.${field}`).toMatch(/Seq Scan/)
      expect(plan).not.toMatch(/Index/)
    }
    // What a DBA runs: journey ferretdb-sql --db NAME | psql URL
    const printed = await runCliInMemory(['ferretdb-sql', '--db', testDb.name])
    expect(printed.code).toBe(0)
    const sql = printed.stdout
    expect(sql).toBe(`${ferretdbPostgresqlIndexSql(testDb.name)}\n`)
    await runPsql(postgresql?.url ?? '', sql)
    for (const [collection, field, value] of shapes) {
      const plan = await planOfEqualityFind(collection, field, value)
      expect(plan, `${collection}.${field}`).toMatch(
        new RegExp(`Bitmap Index Scan on \\S+_${field.replace('_', '').toLowerCase()}_journey_gin`)
      )
      expect(plan).not.toMatch(/Seq Scan/)
    }
    // Safe to run again; a database that does not exist is skipped with a notice.
    await runPsql(postgresql?.url ?? '', sql)
    const other = await runPsql(
      postgresql?.url ?? '',
      ferretdbPostgresqlIndexSql('journey_no_such_database')
    )
    expect(other.stderr).toMatch(
      /NOTICE: {2}journey: no FerretDB database journey_no_such_database here/
    )
    const indexes = await psql(
      `SELECT indexname FROM pg_indexes WHERE schemaname = '${testDb.name}' AND indexname LIKE '%journey_gin' ORDER BY 1`
    )
    expect(indexes.trim().split('\n')).toHaveLength(4)
  })

  it('leaves the answers as they were: a case file equals the local engine', async () => {
    const app = new JourneysService({ demoFolder: data.folder, allowUriSources: true })
    const local = new JourneysService({ demoFolder: data.folder })
    try {
      for (const userId of ['u000001', 'u000007']) {
        const remote = await app.customerCaseFile(
          customerCaseFileSchema.parse({
            source: { kind: 'uri', uri: testDb.server.uri, database: testDb.name },
            userId
          }),
          callContext()
        )
        const expected = await local.customerCaseFile(
          customerCaseFileSchema.parse({ source: { kind: 'folder', path: data.folder }, userId }),
          callContext()
        )
        expect(remote.sessionsTotal).toBeGreaterThan(0)
        expect(answerOf(remote)).toEqual(answerOf(expected))
      }
    } finally {
      await app.close()
      await local.close()
    }
  })
})

describe('journey ferretdb-sql', () => {
  it('refuses a database name FerretDB could not have, with exit code 2', async () => {
    const run = await runCliInMemory(['ferretdb-sql', '--db', 'shop; DROP TABLE x'])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/--db "shop; DROP TABLE x": a database name cannot hold spaces/)
    expect((await runCliInMemory(['ferretdb-sql'])).stderr).toMatch(/needs --db <name>/)
  })
})

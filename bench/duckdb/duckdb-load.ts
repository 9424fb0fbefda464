import { join } from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'

/*
 * DuckDB over the same NDJSON files as the local engine: `read_json` into three tables with the
 * columns the journey queries read. Timestamps are relaxed Extended JSON (`{"$date": ISO}`), cast
 * to epoch milliseconds once here; ids stay text (the benchmark's data uses string ids, whose
 * byte order is BSON order).
 */

export interface DuckDbWorkspace {
  connection: DuckDBConnection
  /** The three typed tables the queries use. */
  tablesMs: number
  close(): void
}

const path = (folder: string, name: string) => join(folder, `${name}.ndjson`).replace(/'/g, "''")

export async function openDuckDb(folder: string): Promise<DuckDbWorkspace> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  const started = performance.now()
  await connection.run(`CREATE TABLE events AS SELECT
      _id AS id, userId AS user_id, sessionId AS session_id, eventType AS type,
      epoch_ms(CAST(timestamp."$date" AS TIMESTAMP)) AS t,
      metadata.pageUrl AS page, metadata.amount AS amount, metadata.currency AS currency
    FROM read_json('${path(folder, 'events')}', format = 'newline_delimited', columns = {
      _id: 'VARCHAR', sessionId: 'VARCHAR', userId: 'VARCHAR', eventType: 'VARCHAR',
      timestamp: 'STRUCT("$date" VARCHAR)',
      metadata: 'STRUCT(pageUrl VARCHAR, amount DOUBLE, currency VARCHAR)'
    })`)
  await connection.run(`CREATE TABLE sessions AS SELECT
      _id AS id, userId AS user_id, deviceInfo.browser AS browser, deviceInfo.os AS os
    FROM read_json('${path(folder, 'sessions')}', format = 'newline_delimited', columns = {
      _id: 'VARCHAR', userId: 'VARCHAR', deviceInfo: 'STRUCT(browser VARCHAR, os VARCHAR)'
    })`)
  await connection.run(`CREATE TABLE users AS SELECT _id AS id, name, email
    FROM read_json('${path(folder, 'users')}', format = 'newline_delimited', columns = {
      _id: 'VARCHAR', name: 'VARCHAR', email: 'VARCHAR'
    })`)
  const tablesMs = performance.now() - started
  return {
    connection,
    tablesMs,
    close: () => {
      connection.closeSync()
      instance.closeSync()
    }
  }
}

/** The rows of a query as plain objects (BIGINTs as numbers). */
export async function rowsOf(
  connection: DuckDBConnection,
  sql: string
): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql)
  return reader
    .getRowObjectsJS()
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [
          key,
          typeof value === 'bigint' ? Number(value) : value
        ])
      )
    )
}

import { rm } from 'node:fs/promises'
import { ensureFerretdbBinary } from './ferretdb-binary'
import { spawnFerretdb, sqliteDataDir, type FerretdbBackend } from './ferretdb-process'
import { probeServer } from './probe-server'
import { makeScratchDir, sweepStaleScratchDirs } from './scratch-dir'
import { startPostgresql, type RunningPostgresql } from './start-postgresql'
import type { RunningTestServer, TestServerInfo } from './test-server-info'

const START_TIMEOUT_MS = 30_000

/**
 * FerretDB on its PostgreSQL backend (a throwaway cluster, see start-postgresql.ts), which pushes
 * plain equality filters down to SQL as production deployments do; on SQLite when PostgreSQL cannot
 * be had (not installed, or no non-root user to run it as). `JOURNEY_FERRETDB_BACKEND=sqlite`
 * forces SQLite. Each FerretDB serves its metrics on a port of its own.
 */
export async function startFerretdb(log: (line: string) => void): Promise<RunningTestServer> {
  for (const dir of sweepStaleScratchDirs()) log(`removed a test server left by a dead run: ${dir}`)
  await ensureFerretdbBinary(log)
  let postgresql: RunningPostgresql | null = null
  if (process.env.JOURNEY_FERRETDB_BACKEND !== 'sqlite') {
    try {
      postgresql = await startPostgresql()
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      log(`FerretDB falls back to its SQLite backend: ${reason}`)
    }
  }
  const home = await makeScratchDir('ferretdb')
  const backend: FerretdbBackend = postgresql
    ? { handler: 'postgresql', url: postgresql.url }
    : { handler: 'sqlite', dir: sqliteDataDir(home) }
  const cleanUp = async (): Promise<void> => {
    await rm(home, { recursive: true, force: true })
    await postgresql?.stop()
  }
  try {
    const ferretdb = await spawnFerretdb({ backend, home, metrics: true })
    const stop = async (): Promise<void> => {
      await ferretdb.stop()
      await cleanUp()
    }
    try {
      const identity = await probeServer(ferretdb.uri, START_TIMEOUT_MS)
      const info: TestServerInfo = {
        kind: 'ferretdb',
        uri: ferretdb.uri,
        ...identity,
        backend: postgresql
          ? { handler: 'postgresql', version: postgresql.version, url: postgresql.url }
          : { handler: 'sqlite' },
        ...(ferretdb.metricsUrl ? { metricsUrl: ferretdb.metricsUrl } : {})
      }
      return { info, stop }
    } catch (error) {
      await stop()
      throw error
    }
  } catch (error) {
    await cleanUp()
    throw error
  }
}

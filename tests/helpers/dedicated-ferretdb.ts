import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnFerretdb, sqliteDataDir, type FerretdbProcess } from './test-server/ferretdb-process'
import { probeServer } from './test-server/probe-server'

export interface DedicatedFerretdb {
  uri: string
  /** `http://127.0.0.1:PORT/debug/metrics` of the process running now. */
  metricsUrl: () => string
  /** SIGKILL, as a crash or a pulled cable would: no goodbye to the clients. */
  kill(): void
  /** After `kill`: the server again, on the same port with the same data (once it answers). */
  restart(): Promise<void>
  /** Stops it (if still running) and deletes its folder. */
  stop(): Promise<void>
}

const PROBE_TIMEOUT_MS = 30_000

/**
 * A FerretDB of the test's own (SQLite backend, free port, temporary folder), for tests that must
 * kill the server under a running query, and start it again, without disturbing the shared
 * integration server. It serves its metrics (open connections and cursors) on a port of its own.
 */
export async function startDedicatedFerretdb(): Promise<DedicatedFerretdb> {
  const home = await mkdtemp(join(tmpdir(), 'journey-dedicated-ferretdb-'))
  const backend = { handler: 'sqlite', dir: sqliteDataDir(home) } as const
  const spawn = (port?: number): Promise<FerretdbProcess> =>
    spawnFerretdb({
      backend,
      home,
      metrics: true,
      label: 'FerretDB (dedicated)',
      ...(port === undefined ? {} : { port })
    })
  let current: FerretdbProcess
  try {
    current = await spawn()
    await probeServer(current.uri, PROBE_TIMEOUT_MS)
  } catch (error) {
    await rm(home, { recursive: true, force: true })
    throw error
  }
  const { uri, port } = current
  const exited = (process: FerretdbProcess): Promise<void> =>
    process.server.child.exitCode !== null || process.server.child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          process.server.child.once('exit', () => {
            resolve()
          })
        })
  return {
    uri,
    metricsUrl: () => current.metricsUrl ?? '',
    kill: () => {
      current.server.child.kill('SIGKILL')
    },
    restart: async () => {
      await exited(current)
      current = await spawn(port)
      await probeServer(uri, PROBE_TIMEOUT_MS)
    },
    stop: async () => {
      await current.stop()
      await rm(home, { recursive: true, force: true })
    }
  }
}

import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureFerretdbBinary } from './test-server/ferretdb-binary'
import { probeServer } from './test-server/probe-server'
import { spawnUntilReady } from './test-server/spawn-until-ready'

export interface DedicatedFerretdb {
  uri: string
  /** SIGKILL, as a crash or a pulled cable would: no goodbye to the clients. */
  kill(): void
  /** Stops it (if still running) and deletes its folder. */
  stop(): Promise<void>
}

/**
 * A FerretDB of the test's own (SQLite backend, free port, temporary folder), for tests that must
 * kill the server under a running query without disturbing the shared integration server.
 */
export async function startDedicatedFerretdb(): Promise<DedicatedFerretdb> {
  const binary = await ensureFerretdbBinary(() => undefined)
  const home = await mkdtemp(join(tmpdir(), 'journey-dedicated-ferretdb-'))
  await mkdir(join(home, 'data'))
  try {
    const server = await spawnUntilReady({
      command: binary,
      args: [
        '--handler=sqlite',
        `--sqlite-url=file:${join(home, 'data')}/`,
        '--listen-addr=127.0.0.1:0',
        '--debug-addr=-',
        '--telemetry=disable',
        `--state-dir=${home}`,
        '--log-level=info'
      ],
      cwd: home,
      label: 'FerretDB (dedicated)',
      readyLine: /Listening on TCP (127\.0\.0\.1:\d+)/,
      timeoutMs: 30_000,
      scratchDir: home
    })
    const uri = `mongodb://${server.match[1] ?? ''}/`
    await probeServer(uri, 30_000)
    return {
      uri,
      kill: () => {
        server.child.kill('SIGKILL')
      },
      stop: async () => {
        await server.stop()
        await rm(home, { recursive: true, force: true })
      }
    }
  } catch (error) {
    await rm(home, { recursive: true, force: true })
    throw error
  }
}

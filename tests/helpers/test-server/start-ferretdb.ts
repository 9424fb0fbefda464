import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureFerretdbBinary } from './ferretdb-binary'
import { probeServer } from './probe-server'
import { spawnUntilReady } from './spawn-until-ready'
import type { RunningTestServer } from './test-server-info'

const START_TIMEOUT_MS = 30_000

/** FerretDB with its SQLite backend in a fresh temporary folder, on a free loopback port. */
export async function startFerretdb(log: (line: string) => void): Promise<RunningTestServer> {
  const binary = await ensureFerretdbBinary(log)
  const home = await mkdtemp(join(tmpdir(), 'journey-ferretdb-'))
  const dataDir = join(home, 'data')
  await mkdir(dataDir)
  const removeHome = (): Promise<void> => rm(home, { recursive: true, force: true })
  try {
    const server = await spawnUntilReady({
      command: binary,
      args: [
        '--handler=sqlite',
        `--sqlite-url=file:${dataDir}/`,
        // Port 0: FerretDB picks a free port and prints it, so two runs never race for one.
        '--listen-addr=127.0.0.1:0',
        '--debug-addr=-',
        '--telemetry=disable',
        `--state-dir=${home}`,
        '--log-level=info',
        '--log-format=json'
      ],
      cwd: home,
      label: 'FerretDB',
      readyLine: /Listening on TCP (127\.0\.0\.1:\d+)/,
      timeoutMs: START_TIMEOUT_MS,
      scratchDir: home
    })
    const stop = async (): Promise<void> => {
      await server.stop()
      await removeHome()
    }
    const uri = `mongodb://${server.match[1] ?? ''}/`
    try {
      const identity = await probeServer(uri, START_TIMEOUT_MS)
      return { info: { kind: 'ferretdb', uri, ...identity }, stop }
    } catch (error) {
      await stop()
      throw error
    }
  } catch (error) {
    await removeHome()
    throw error
  }
}

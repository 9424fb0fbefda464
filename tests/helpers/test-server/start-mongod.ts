import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findFreePort } from './free-port'
import { probeServer } from './probe-server'
import { spawnUntilReady } from './spawn-until-ready'
import type { RunningTestServer } from './test-server-info'

const START_TIMEOUT_MS = 60_000
/** Another process may take the free port before mongod binds it; try a new one. */
const ATTEMPTS = 3

/** A throwaway mongod on a free loopback port with a temporary dbpath. */
export async function startMongod(mongodPath: string): Promise<RunningTestServer> {
  let lastError: unknown
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      return await startOnce(mongodPath)
    } catch (error) {
      lastError = error
      if (!(error instanceof Error) || !/address already in use/i.test(error.message)) break
    }
  }
  throw lastError
}

async function startOnce(mongodPath: string): Promise<RunningTestServer> {
  const dbPath = await mkdtemp(join(tmpdir(), 'journey-mongod-'))
  const removeDbPath = (): Promise<void> => rm(dbPath, { recursive: true, force: true })
  try {
    const port = await findFreePort()
    const server = await spawnUntilReady({
      command: mongodPath,
      args: ['--port', String(port), '--bind_ip', '127.0.0.1', '--dbpath', dbPath],
      label: 'mongod',
      readyLine: /waiting for connections/i,
      timeoutMs: START_TIMEOUT_MS,
      scratchDir: dbPath
    })
    const stop = async (): Promise<void> => {
      await server.stop()
      await removeDbPath()
    }
    const uri = `mongodb://127.0.0.1:${String(port)}/`
    try {
      const identity = await probeServer(uri, START_TIMEOUT_MS)
      return { info: { kind: 'mongod', uri, ...identity }, stop }
    } catch (error) {
      await stop()
      throw error
    }
  } catch (error) {
    await removeDbPath()
    throw error
  }
}

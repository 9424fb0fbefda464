import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnUntilReady } from '../../helpers/test-server/spawn-until-ready'
import { REPO_ROOT } from './repo-root'

export interface RunningWebMode {
  /** The address with its token (`http://127.0.0.1:PORT/…`), as printed by the web mode. */
  url: string
  dataDir: string
  /** Stops the server and deletes its data folder. */
  stop: () => Promise<void>
}

/** Builds the renderer first when `out/renderer` is missing, hence the generous limit. */
export const WEB_MODE_START_TIMEOUT_MS = 120_000

/** `node scripts/start-web.mjs --port 0` with a fresh data folder, resolved once it serves. */
export async function startWebMode(
  env: NodeJS.ProcessEnv = {},
  prepareDataDir?: (dataDir: string) => Promise<void>
): Promise<RunningWebMode> {
  const dataDir = await mkdtemp(join(tmpdir(), 'journey-web-'))
  try {
    await prepareDataDir?.(dataDir)
    const server = await spawnUntilReady({
      command: process.execPath,
      args: ['scripts/start-web.mjs', '--port', '0', '--data-dir', dataDir],
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      label: 'Journey Workbench web mode',
      readyLine: /Journey Workbench web mode: (http:\/\/\S+)/,
      timeoutMs: WEB_MODE_START_TIMEOUT_MS,
      scratchDir: dataDir
    })
    const stop = async (): Promise<void> => {
      await server.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
    return { url: server.match[1] ?? '', dataDir, stop }
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
}

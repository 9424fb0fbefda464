import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The project root seen from this file, whether it runs from `src/main` (tsx: web mode, CLI, tests)
 * or from the bundle in `out/main` (Electron).
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i += 1) {
    if (existsSync(join(dir, 'package.json'))) return dir
    dir = resolve(dir, '..')
  }
  return process.cwd()
}

/** The bundled demo workspace; a packaged app finds it under its resources folder. */
export function demoWorkspaceFolder(resourcesPath?: string): string {
  const packaged = resourcesPath ? join(resourcesPath, 'demo') : null
  if (packaged && existsSync(packaged)) return packaged
  return join(projectRoot(), 'resources', 'demo')
}

export function rendererBuildFolder(): string {
  return join(projectRoot(), 'out', 'renderer')
}

/**
 * Where the app keeps caches it can rebuild (workspace caches of read-only folders, benchmark
 * data): `$JOURNEY_CACHE_DIR`, else the platform's user cache folder plus `journey-workbench`.
 */
export function userCacheFolder(): string {
  const override = process.env.JOURNEY_CACHE_DIR
  if (override) return resolve(override)
  const home = homedir()
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'journey-workbench')
  if (process.platform === 'win32') {
    return join(
      process.env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'),
      'journey-workbench',
      'Cache'
    )
  }
  return join(process.env.XDG_CACHE_HOME ?? join(home, '.cache'), 'journey-workbench')
}

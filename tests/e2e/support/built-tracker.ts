import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from './repo-root'

export const BUILT_TRACKER = join(REPO_ROOT, 'out', 'tracker', 'journey-tracker.js')

/** The tracker as `npm run build` makes it; built here when missing (e.g. a lone test run). */
export function ensureTrackerBuilt(): string {
  if (existsSync(BUILT_TRACKER)) return BUILT_TRACKER
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js')
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.tracker.config.ts'], {
    cwd: REPO_ROOT,
    encoding: 'utf8'
  })
  if (built.status !== 0 || !existsSync(BUILT_TRACKER)) {
    throw new Error(`building the tracker failed:\n${built.stdout}\n${built.stderr}`)
  }
  return BUILT_TRACKER
}

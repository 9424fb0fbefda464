import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from './repo-root'

export type ElectronBinary = { path: string } | { path: null; reason: string }

/**
 * The Electron executable, found the way `require('electron')` finds it but without its side effect:
 * requiring it when the binary is missing starts a download.
 */
export function findElectron(): ElectronBinary {
  const packageDir = join(REPO_ROOT, 'node_modules', 'electron')
  const pathFile = join(packageDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron'
  const overrideDir = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const candidate = join(overrideDir ?? join(packageDir, 'dist'), relative)
  if (existsSync(candidate)) return { path: candidate }
  return {
    path: null,
    reason:
      `no Electron binary at ${candidate} (it cannot be downloaded on this machine; ` +
      'where downloads work, `npx install-electron` fetches it)'
  }
}

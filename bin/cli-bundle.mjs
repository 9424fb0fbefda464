// Where the prebuilt command line is, and whether it is newer than every source file: shared by
// bin/journey.mjs (which runs it, or else the sources through tsx) and the benchmark (which times it).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const CLI_BUNDLE = join(REPO_ROOT, 'out', 'main', 'cli.js')

/** The newest modification time under a folder (its files, recursively). */
function newest(folder) {
  let latest = 0
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** True when `npm run build` made out/main/cli.js after the last change to src/main and src/shared. */
export function cliBundleIsFresh() {
  if (!existsSync(CLI_BUNDLE)) return false
  const built = statSync(CLI_BUNDLE).mtimeMs
  return ['src/main', 'src/shared'].every((folder) => newest(join(REPO_ROOT, folder)) <= built)
}

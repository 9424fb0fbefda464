#!/usr/bin/env node
// The `journey` command line. Runs the bundle `npm run build` makes (out/main/cli.js) when it is
// newer than every source file; otherwise the TypeScript sources through tsx (no build needed).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bundle = join(root, 'out', 'main', 'cli.js')

/** The newest modification time under a folder (its files, recursively). */
function newest(folder) {
  let latest = 0
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

function bundleIsFresh() {
  if (!existsSync(bundle)) return false
  const built = statSync(bundle).mtimeMs
  return ['src/main', 'src/shared'].every((folder) => newest(join(root, folder)) <= built)
}

let runCli
if (bundleIsFresh()) {
  ;({ runCli } = await import(pathToFileURL(bundle).href))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ runCli } = await import('../src/main/cli/main.ts'))
}

const controller = new AbortController()
process.once('SIGINT', () => controller.abort())
const code = await runCli(process.argv.slice(2), undefined, controller.signal)
process.exitCode = code
// Leave when the event loop drains; a lingering handle (a socket being closed) must not hang the shell.
setTimeout(() => process.exit(code), 3000).unref()

#!/usr/bin/env node
// Web mode: serves the built renderer and the main-process services on 127.0.0.1 with a token.
// Runs the server bundled by `npm run build` (out/main/web.js); builds first when it is missing.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const serverBundle = join(root, 'out', 'main', 'web.js')
if (!existsSync(serverBundle) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  process.stderr.write('Building the app first (npm run build)…\n')
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
await import(pathToFileURL(serverBundle).href)

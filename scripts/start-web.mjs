#!/usr/bin/env node
// Web mode: serves the built renderer and the main-process services on 127.0.0.1 with a token.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { register } from 'tsx/esm/api'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  process.stderr.write('Building the renderer first (npm run build)…\n')
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
register()
await import('../src/main/web/start-web.ts')

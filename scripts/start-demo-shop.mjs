#!/usr/bin/env node
// `npm run demo-shop -- --uri …`: the demo shop with the tracker, and a collector (src/demo-shop).
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
if (!existsSync(join(root, 'out', 'tracker', 'journey-tracker.js'))) {
  process.stderr.write('Building the tracker first…\n')
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js')
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.tracker.config.ts'], {
    cwd: root,
    stdio: 'inherit'
  })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
register()
const { runDemoShop } = await import('../src/demo-shop/main.ts')
process.exitCode = await runDemoShop(process.argv.slice(2))
setTimeout(() => process.exit(process.exitCode ?? 0), 3000).unref()

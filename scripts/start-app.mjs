#!/usr/bin/env node
// `npm start`: the desktop app where an Electron binary exists, otherwise web mode, saying why.
import { existsSync, readFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function electronBinary() {
  try {
    const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(electronDir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

const binary = electronBinary()
const child = binary
  ? spawn(binary, [root], { stdio: 'inherit' })
  : (process.stderr.write(
      'No Electron binary is installed (it cannot be downloaded on this machine): starting web mode.\n'
    ),
    spawn(process.execPath, [join(root, 'scripts', 'start-web.mjs'), ...process.argv.slice(2)], {
      stdio: 'inherit'
    }))
child.on('exit', (code) => process.exit(code ?? 0))

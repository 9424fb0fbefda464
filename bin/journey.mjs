#!/usr/bin/env node
// The `journey` command line: runs the TypeScript sources through tsx, no build step needed.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../src/main/cli/main.ts')

const controller = new AbortController()
process.once('SIGINT', () => controller.abort())
const code = await runCli(process.argv.slice(2), undefined, controller.signal)
process.exitCode = code
// Leave when the event loop drains; a lingering handle (a socket being closed) must not hang the shell.
setTimeout(() => process.exit(code), 3000).unref()

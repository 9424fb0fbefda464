#!/usr/bin/env node
// The `journey` command line. Runs the bundle `npm run build` makes (out/main/cli.js) when it is
// newer than every source file; otherwise the TypeScript sources through tsx (no build needed).
import { pathToFileURL } from 'node:url'
import { CLI_BUNDLE, cliBundleIsFresh } from './cli-bundle.mjs'

let runCli
if (cliBundleIsFresh()) {
  ;({ runCli } = await import(pathToFileURL(CLI_BUNDLE).href))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ runCli } = await import('../src/main/cli/main.ts'))
}

// `journey … | head` closes stdout before the command is done: stop quietly, as a pipe's reader
// asked, instead of an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(0)
})

const controller = new AbortController()
process.once('SIGINT', () => controller.abort())
const code = await runCli(process.argv.slice(2), undefined, controller.signal)
process.exitCode = code
// Leave when the event loop drains; a lingering handle (a socket being closed) must not hang the shell.
setTimeout(() => process.exit(code), 3000).unref()

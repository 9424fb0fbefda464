#!/usr/bin/env node
// The `journey` command line. Runs the bundle `npm run build` makes (out/main/cli.js) when it is
// newer than every source file; otherwise the TypeScript sources through tsx (no build needed).
// JOURNEY_CLI_FROM_SOURCES=1 runs the sources even when the bundle is fresh (tests run both).
import { pathToFileURL } from 'node:url'
import { CLI_BUNDLE, cliBundleIsFresh } from './cli-bundle.mjs'

let runCli
if (process.env.JOURNEY_CLI_FROM_SOURCES !== '1' && cliBundleIsFresh()) {
  ;({ runCli } = await import(pathToFileURL(CLI_BUNDLE).href))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ runCli } = await import('../src/main/cli/main.ts'))
}

// `journey … | head` closes stdout before the command is done: runCli cancels the command and
// returns 0 quietly (an export's cursor closed first). A write that fails after runCli has returned
// (a JSON answer larger than the pipe) reports its EPIPE later: ignored here, never a stack trace.
// The same for stderr when it goes to the same pipe (`2>&1 | head`).
for (const output of [process.stdout, process.stderr]) {
  output.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error
  })
}

const controller = new AbortController()
process.once('SIGINT', () => controller.abort())
const code = await runCli(process.argv.slice(2), undefined, controller.signal)
process.exitCode = code
// Leave when the event loop drains; a lingering handle (a socket being closed) must not hang the shell.
setTimeout(() => process.exit(code), 3000).unref()

#!/usr/bin/env node
// `npm run collector -- --uri … --site key=origin`: the tracker's collector (src/collector), run
// from the TypeScript sources through tsx like the `journey` command line.
import { register } from 'tsx/esm/api'

register()
const { runCollector } = await import('../src/collector/main.ts')
process.exitCode = await runCollector(process.argv.slice(2))
// Leave when the event loop drains; a lingering handle must not keep a stopped collector alive.
setTimeout(() => process.exit(process.exitCode ?? 0), 3000).unref()

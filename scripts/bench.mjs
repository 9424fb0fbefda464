#!/usr/bin/env node
// `npm run bench`: the product's performance targets on generated data (see bench/README.md).
import { register } from 'tsx/esm/api'

register()
await import('../bench/run-bench.ts')

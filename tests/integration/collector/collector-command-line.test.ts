import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../../src/main/app-paths'

/* `npm run collector` refusing what it cannot run with: exit 2 for bad input, 1 for failures. */

function collector(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(projectRoot(), 'scripts', 'start-collector.mjs'), ...args],
      { cwd: projectRoot(), timeout: 60_000, env: { ...process.env, MONGODB_URI: '' } },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr
        })
      }
    )
  })
}

describe('collector command line', () => {
  it('exits 2 with what to fix on bad input', async () => {
    const run = await collector('--uri', 'mongodb://127.0.0.1:27017', '--site', 'shop')
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'collector: --site takes <key>=<origin>[,<origin>…], not "shop"\n\nRun with --help for the options.\n'
    )
    expect((await collector('--site', 'shop=http://shop.test')).stderr).toContain(
      '--uri is required'
    )
  })

  it('exits 1 saying why when MongoDB cannot be reached', async () => {
    const run = await collector(
      '--uri',
      'mongodb://127.0.0.1:1/',
      '--site',
      'shop=http://shop.test'
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^collector: could not start: Cannot connect to 127\.0\.0\.1:1: connection refused/
    )
  })

  it('prints its options for --help', async () => {
    const run = await collector('--help')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      'Usage: npm run collector -- --uri <mongodb-uri> --site <key>=<origin>'
    )
  })
})

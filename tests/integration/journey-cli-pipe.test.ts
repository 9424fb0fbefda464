import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliBundleIsFresh } from '../../bin/cli-bundle.mjs'
import { projectRoot } from '../../src/main/app-paths'
import { runCliInMemory } from '../helpers/run-cli-in-memory'
import { useTestDatabase } from '../helpers/test-server/use-test-database'
import { generateFolder, loadFolder, type GeneratedFolder } from './journey-fixtures'

/*
 * `journey … | head -1`: the reader closes the pipe after the first line, long before the command
 * has written everything. The command stops quietly with exit code 0 (as git does), on the built
 * bundle and on the TypeScript sources alike (bin/journey.mjs runs one or the other).
 */

const testDb = useTestDatabase()
let data: GeneratedFolder

beforeAll(async () => {
  data = await generateFolder({ users: 300, seed: 11 })
  await loadFolder(data.folder, testDb.db)
}, 180_000)

afterAll(async () => {
  await data.remove()
})

interface HeadRun {
  code: number | null
  firstLine: string
  stderr: string
}

/** Runs `journey ARGS | head -1`: the parent stops reading and closes the pipe at the first line. */
function journeyHeadOne(
  args: string[],
  from: 'bundle' | 'sources',
  { closeAtOnce = false } = {}
): Promise<HeadRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'journey.mjs'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, JOURNEY_CLI_FROM_SOURCES: from === 'sources' ? '1' : '' }
    })
    let stdout = ''
    let firstLine: string | null = null
    if (closeAtOnce) child.stdout.destroy()
    child.stdout.on('data', (chunk: Buffer) => {
      if (firstLine !== null) return
      stdout += chunk.toString()
      const end = stdout.indexOf('\n')
      if (end === -1) return
      firstLine = stdout.slice(0, end)
      child.stdout.destroy()
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => {
      resolve({ code, firstLine: firstLine ?? '', stderr })
    })
  })
}

const PIPE_BUFFER = 64 * 1024

describe.each([
  ['bundle', !cliBundleIsFresh()],
  ['sources', false]
] as const)('journey … | head -1 (%s)', (from, noFreshBundle) => {
  it.skipIf(noFreshBundle)('help, with the pipe closed before it is written', async () => {
    const run = await journeyHeadOne(['--help'], from, { closeAtOnce: true })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
  })

  it.skipIf(noFreshBundle)(
    'a JSON answer larger than the pipe: exit 0, nothing on stderr',
    async () => {
      const args = [
        'flows',
        '--from-page',
        '/',
        '--depth',
        '10',
        '--top',
        '50',
        '--data',
        data.folder
      ]
      // It must not fit in the pipe with the first read, or the reader's close would break nothing.
      expect((await runCliInMemory(args)).stdout.length).toBeGreaterThan(2 * PIPE_BUFFER)
      const run = await journeyHeadOne(args, from)
      expect(run.firstLine).toBe('{')
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
    }
  )

  it.skipIf(noFreshBundle)('an export from a folder to standard output', async () => {
    const run = await journeyHeadOne(
      ['export', 'collection', 'events', '--data', data.folder, '--out', '-'],
      from
    )
    expect(run.firstLine).toMatch(/^_id,/)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
  })

  it.skipIf(noFreshBundle)(
    'an export from the server (its cursor is closed on the way)',
    async () => {
      const run = await journeyHeadOne(
        [
          'export',
          'collection',
          'events',
          '--uri',
          testDb.server.uri,
          '--db',
          testDb.name,
          '--out',
          '-'
        ],
        from
      )
      expect(run.firstLine).toMatch(/^_id,/)
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
    }
  )
})

import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/main/app-paths'

/* `journey … | head`: the reader closes the pipe before the command has written everything. */

function runWithStdoutClosed(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'journey.mjs'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => {
      resolve({ code, stderr })
    })
  })
}

describe('journey with its output pipe closed early', () => {
  it('stops quietly with exit code 0, never with an EPIPE stack trace', async () => {
    const run = await runWithStdoutClosed(['--help'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
  })
})

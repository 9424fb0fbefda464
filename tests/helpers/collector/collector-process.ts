import { join } from 'node:path'
import { projectRoot } from '../../../src/main/app-paths'
import { spawnUntilReady, type ReadyProcess } from '../test-server/spawn-until-ready'

export interface CollectorProcess {
  url: string
  process: ReadyProcess
  /** Every JSON log line the collector printed so far. */
  logLines: () => Record<string, unknown>[]
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>
}

/** `npm run collector` as an operator runs it, in a child process, on any free port. */
export async function spawnCollector(args: string[]): Promise<CollectorProcess> {
  const lines: Record<string, unknown>[] = []
  const ready = await spawnUntilReady({
    command: process.execPath,
    args: [join(projectRoot(), 'scripts', 'start-collector.mjs'), '--port', '0', ...args],
    cwd: projectRoot(),
    label: 'collector',
    readyLine: /"message":"listening".*"url":"(http:[^"]+)"/,
    timeoutMs: 60_000
  })
  const exited = new Promise<number | string>((resolve) => {
    if (ready.child.exitCode !== null) resolve(ready.child.exitCode)
    ready.child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown')
    })
  })
  let pending = ''
  ready.child.stdout?.on('data', (chunk: Buffer | string) => {
    pending += chunk.toString()
    const parts = pending.split('\n')
    pending = parts.pop() ?? ''
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>)
      } catch {
        // not a log line
      }
    }
  })
  return { url: ready.match[1] ?? '', process: ready, logLines: () => lines, exited }
}

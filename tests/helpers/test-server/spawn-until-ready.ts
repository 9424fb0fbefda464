import { spawn, type ChildProcess } from 'node:child_process'
import { killAndRemove, onProcessExit } from './exit-cleanup'
import { recordScratchChild } from './scratch-dir'

export interface SpawnUntilReadyOptions {
  command: string
  args: string[]
  /** Named in error messages, e.g. 'FerretDB'. */
  label: string
  /** A line of stdout or stderr that says the process is ready; its match is returned. */
  readyLine: RegExp
  /** More lines to wait for after (or before) `readyLine`, e.g. a second listener's address. */
  alsoWaitFor?: RegExp[]
  timeoutMs: number
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** A temporary folder of the process, deleted if the test runner exits without stopping it. */
  scratchDir?: string
  /** Run as this user and group (a root test runner starting PostgreSQL, which refuses root). */
  uid?: number
  gid?: number
  /** The signal that stops it (default SIGTERM; PostgreSQL's fast shutdown is SIGINT). */
  stopSignal?: NodeJS.Signals
}

export interface ReadyProcess {
  child: ChildProcess
  match: RegExpMatchArray
  /** The matches of `alsoWaitFor`, in its order. */
  otherMatches: RegExpMatchArray[]
  /** The last lines the process printed, for error messages. */
  recentOutput: () => string
  /** SIGTERM, then SIGKILL after a grace period. Resolves once the process has exited. */
  stop: () => Promise<void>
}

const KEPT_LINES = 40
const STOP_GRACE_MS = 5_000

/** Starts a long-running process and resolves once it prints its ready line. */
export function spawnUntilReady(options: SpawnUntilReadyOptions): Promise<ReadyProcess> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid })
  })
  if (options.scratchDir) recordScratchChild(options.scratchDir, child.pid)
  const lines: string[] = []
  const recentOutput = (): string => lines.join('\n')
  // If the test runner exits or is interrupted without tearing down, do not leave the server
  // running nor its folder behind.
  const forget = onProcessExit(() => {
    killAndRemove(child.pid, 'SIGKILL', options.scratchDir)
  })
  child.once('exit', forget)
  const stop = (): Promise<void> => stopProcess(child, options.stopSignal ?? 'SIGTERM')

  return new Promise<ReadyProcess>((resolve, reject) => {
    let settled = false
    const fail = (message: string): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void stop().then(() => {
        const output = recentOutput()
        reject(new Error(output ? `${message}\nLast output:\n${output}` : message))
      })
    }
    const timer = setTimeout(() => {
      fail(`${options.label} did not become ready within ${String(options.timeoutMs)} ms`)
    }, options.timeoutMs)

    const wanted = [options.readyLine, ...(options.alsoWaitFor ?? [])]
    const matches: (RegExpMatchArray | null)[] = wanted.map(() => null)
    const onLine = (line: string): void => {
      lines.push(line)
      if (lines.length > KEPT_LINES) lines.shift()
      if (settled) return
      wanted.forEach((pattern, i) => {
        matches[i] ??= pattern.exec(line)
      })
      if (matches.some((match) => match === null)) return
      settled = true
      clearTimeout(timer)
      const [match, ...otherMatches] = matches as RegExpMatchArray[]
      resolve({ child, match: match as RegExpMatchArray, otherMatches, recentOutput, stop })
    }
    forEachLine(child.stdout, onLine)
    forEachLine(child.stderr, onLine)

    child.once('error', (error) => {
      fail(`${options.label} could not be started (${options.command}): ${error.message}`)
    })
    child.once('exit', (code, signal) => {
      fail(`${options.label} exited before it was ready (${signal ?? `code ${String(code)}`})`)
    })
  })
}

function forEachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return
  let pending = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    pending += chunk
    const parts = pending.split(/\r?\n/)
    pending = parts.pop() ?? ''
    for (const part of parts) onLine(part)
  })
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve()
  }
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill(signal)
  })
}

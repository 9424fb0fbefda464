import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromMingoChild, MingoJob, ToMingoChild } from './mingo-protocol'

const CHILD = fileURLToPath(new URL('./mingo-child.ts', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))
const LOAD_TIMEOUT_MS = 15 * 60_000
/**
 * V8 stack for the child, in KB (default ~984). mingo 7.2.7's `$setWindowFields` ends with
 * `concat(...iterators)`, one argument per partition, which overflows the default stack once a
 * pipeline partitions by ~150k sessions (the flows on 1M events). The main thread has 8 MB
 * (`ulimit -s`), so 4000 KB is safe; on a smaller ulimit the child crashes and the query falls back.
 */
export const MINGO_STACK_KB = 4000

export type MingoOutcome =
  | {
      status: 'ok'
      ms: number
      result: unknown
      capped: number
      maxRssMb: number
    }
  | { status: 'timeout' | 'out of memory' | 'crashed' | 'error'; detail: string }

export interface MingoLoad {
  ms: number
  counts: { users: number; sessions: number; events: number }
  heapUsedMb: number
  rssMb: number
}

/**
 * One mingo child process over one folder. `run` resolves with the outcome of a job; on a timeout
 * the child is killed (mingo runs synchronously and cannot be interrupted), on an out-of-memory or a
 * crash it is gone: either way `alive` turns false and a new child is needed for the next job.
 */
export class MingoChildProcess {
  private readonly child: ChildProcess
  private readonly stderrTail: string[] = []
  private exited: { code: number | null; signal: NodeJS.Signals | null } | null = null
  private onMessage: ((message: FromMingoChild) => void) | null = null
  private onExit: (() => void) | null = null

  constructor(heapMb: number) {
    this.child = fork(CHILD, [], {
      cwd: REPO_ROOT,
      execArgv: [
        '--import',
        'tsx',
        `--max-old-space-size=${heapMb}`,
        `--stack-size=${MINGO_STACK_KB}`
      ],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc']
    })
    this.child.stderr?.setEncoding('utf8')
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail.push(chunk)
      if (this.stderrTail.length > 50) this.stderrTail.shift()
    })
    this.child.on('message', (message: FromMingoChild) => this.onMessage?.(message))
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal }
      this.onExit?.()
    })
  }

  get alive(): boolean {
    return this.exited === null
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  load(folder: string): Promise<MingoLoad> {
    return this.request({ type: 'load', folder }, LOAD_TIMEOUT_MS).then((outcome) => {
      if (outcome.status !== 'ok')
        throw new Error(`mingo child load: ${outcome.status}: ${outcome.detail}`)
      return outcome.result as MingoLoad
    })
  }

  private nextId = 1

  run(job: MingoJob, timeoutMs: number): Promise<MingoOutcome> {
    return this.request({ type: 'run', id: this.nextId++, job }, timeoutMs)
  }

  /** Kills the child (it is ours: started by this object). */
  kill(): void {
    if (this.alive) this.child.kill('SIGKILL')
  }

  private request(message: ToMingoChild, timeoutMs: number): Promise<MingoOutcome> {
    return new Promise((resolve) => {
      if (!this.alive) {
        resolve({ status: 'crashed', detail: 'the child had already exited' })
        return
      }
      let settled = false
      const settle = (outcome: MingoOutcome): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        this.onMessage = null
        this.onExit = null
        resolve(outcome)
      }
      const timer = setTimeout(() => {
        this.kill()
        settle({ status: 'timeout', detail: `no answer within ${Math.round(timeoutMs / 1000)} s` })
      }, timeoutMs)
      this.onMessage = (reply) => {
        if (reply.type === 'loaded') {
          const { type: _type, ...load } = reply
          settle({ status: 'ok', ms: reply.ms, result: load, capped: 0, maxRssMb: reply.rssMb })
        } else if (reply.type === 'result') {
          settle({
            status: 'ok',
            ms: reply.ms,
            result: reply.result,
            capped: reply.capped,
            maxRssMb: reply.maxRssMb
          })
        } else {
          settle({ status: 'error', detail: reply.message })
        }
      }
      this.onExit = () => {
        const stderr = this.stderrTail.join('')
        const outOfMemory = /heap out of memory|Allocation failed/i.test(stderr)
        const how = `exit code ${String(this.exited?.code)}, signal ${String(this.exited?.signal)}`
        settle({
          status: outOfMemory ? 'out of memory' : 'crashed',
          detail: `${how}; ${stderr.trim().split('\n').slice(-3).join(' | ')}`
        })
      }
      this.child.send(message)
    })
  }
}

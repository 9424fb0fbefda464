import { rmSync } from 'node:fs'

/** Something to undo synchronously if this process ends before the owner stops it. */
export type SyncCleanup = () => void

const cleanups = new Set<SyncCleanup>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
let installed = false

/**
 * Runs `cleanup` when this process exits or is interrupted (Ctrl-C, SIGTERM, SIGHUP), unless the
 * returned function is called first. Used for server processes and their temporary folders: an
 * interrupted test run must not leave a PostgreSQL cluster or a FerretDB running.
 *
 * On a signal, the cleanups run and then, when no one else (vitest, Playwright) listens for that
 * signal, the signal is raised again so the process ends as it would have without us.
 */
export function onProcessExit(cleanup: SyncCleanup): () => void {
  install()
  cleanups.add(cleanup)
  return () => {
    cleanups.delete(cleanup)
  }
}

/** Kills a process (ignoring one that is gone) and removes a folder: the usual exit cleanup. */
export function killAndRemove(pid: number | undefined, signal: NodeJS.Signals, dir?: string): void {
  if (pid !== undefined) {
    try {
      process.kill(pid, signal)
    } catch {
      // already gone
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true })
}

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup)
    try {
      cleanup()
    } catch {
      // best effort: the process is ending
    }
  }
}

function install(): void {
  if (installed) return
  installed = true
  process.on('exit', runAll)
  for (const signal of SIGNALS) {
    const onSignal = (): void => {
      runAll()
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal)
        process.kill(process.pid, signal)
      }
    }
    process.on(signal, onSignal)
  }
}

import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ErrorEnvelope } from '../../../../shared/errors'
import { emptyAnswerCauseOf } from '../../../../shared/journeys/empty-answer'
import type { CallOptions, Progress } from '../../../../shared/rpc/contract'
import { toEnvelope } from '../../api/rpc-error'

/** Progress (and the Cancel button) appear only when a query has run this long. */
export const PROGRESS_DELAY_MS = 300

export type QueryStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled'

export interface QueryRunState<R> {
  status: QueryStatus
  /**
   * The last good result: kept on screen while a new one loads, after a failure or a cancel; not
   * after an answer that is empty because of the question (the error says why; see empty-answer).
   */
  result: R | null
  /** The key of the input that produced `result` (compare with `key` to tell a stale result). */
  resultKey: string | null
  /** How long `result` took, from the call to the answer, in milliseconds. */
  resultMs: number | null
  /** The key of the current (or last) run. */
  key: string | null
  /** Why the last run failed; null unless `status` is `failed`. */
  error: ErrorEnvelope | null
  /** The last progress report of the running call. */
  progress: Progress | null
  /** True once the running call has lasted `PROGRESS_DELAY_MS`: show progress and Cancel. */
  slow: boolean
  /** When the running call started (the clock's milliseconds), null when none runs. */
  startedAt: number | null
}

export type QueryCall<I, R> = (input: I, options: CallOptions) => Promise<R>

export interface QueryClock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realClock: QueryClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>)
  }
}

/** The one way the renderer runs a query: start, supersede, cancel, and what to show meanwhile. */
export interface QueryRunner<I, R> {
  readonly store: StoreApi<QueryRunState<R>>
  /** Runs the call; a run still going is aborted first (its late answer is ignored). */
  run: (input: I, key: string) => Promise<void>
  /** Aborts the running call (the server stops its work) and says so at once. */
  cancel: () => void
  /** Cancels and stops reporting; for a component that unmounts. */
  dispose: () => void
}

export function initialQueryState<R>(): QueryRunState<R> {
  return {
    status: 'idle',
    result: null,
    resultKey: null,
    resultMs: null,
    key: null,
    error: null,
    progress: null,
    slow: false,
    startedAt: null
  }
}

/**
 * A query runner over one call (e.g. `api.journeys.overview`). The client turns the AbortSignal into
 * a cancel of the request id, and the router aborts the service's work.
 */
export function createQueryRunner<I, R>(
  call: QueryCall<I, R>,
  options: { progressDelayMs?: number; clock?: QueryClock } = {}
): QueryRunner<I, R> {
  const clock = options.clock ?? realClock
  const delay = options.progressDelayMs ?? PROGRESS_DELAY_MS
  const store = createStore<QueryRunState<R>>()(() => initialQueryState<R>())
  let current: { controller: AbortController; timer: unknown } | null = null
  let disposed = false

  const stopCurrent = (): boolean => {
    if (!current) return false
    clock.clearTimeout(current.timer)
    current.controller.abort()
    current = null
    return true
  }

  const run = async (input: I, key: string): Promise<void> => {
    if (disposed) return
    stopCurrent()
    const controller = new AbortController()
    const startedAt = clock.now()
    const timer = clock.setTimeout(() => {
      if (current?.controller === controller) store.setState({ slow: true })
    }, delay)
    const mine = { controller, timer }
    current = mine
    store.setState({
      status: 'running',
      key,
      error: null,
      progress: null,
      slow: false,
      startedAt
    })
    try {
      const result = await call(input, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (current === mine) store.setState({ progress })
        }
      })
      if (current !== mine) return
      current = null
      clock.clearTimeout(timer)
      store.setState({
        status: 'done',
        result,
        resultKey: key,
        resultMs: clock.now() - startedAt,
        progress: null,
        slow: false,
        startedAt: null
      })
    } catch (error) {
      if (current !== mine) return
      current = null
      clock.clearTimeout(timer)
      const envelope = toEnvelope(error)
      store.setState({
        status: envelope.code === 'CANCELLED' ? 'cancelled' : 'failed',
        error: envelope.code === 'CANCELLED' ? null : envelope,
        progress: null,
        slow: false,
        startedAt: null,
        // An older answer below "no session has browser chrome" would read as its answer.
        ...(emptyAnswerCauseOf(envelope) === null
          ? {}
          : { result: null, resultKey: key, resultMs: null })
      })
    }
  }

  const cancel = (): void => {
    if (!stopCurrent()) return
    store.setState({
      status: 'cancelled',
      error: null,
      progress: null,
      slow: false,
      startedAt: null
    })
  }

  return {
    store,
    run,
    cancel,
    dispose: () => {
      stopCurrent()
      disposed = true
    }
  }
}

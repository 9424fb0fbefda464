import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CallOptions } from '../../../src/shared/rpc/contract'
import { RpcError } from '../../../src/renderer/src/api/rpc-error'
import {
  createQueryRunner,
  PROGRESS_DELAY_MS
} from '../../../src/renderer/src/app/query/query-runner'

/** A call whose answer the test gives by hand, recording the signal it got. */
function controllableCall<R>() {
  const calls: {
    input: string
    options: CallOptions
    resolve: (r: R) => void
    reject: (e: unknown) => void
  }[] = []
  const call = (input: string, options: CallOptions) =>
    new Promise<R>((resolve, reject) => {
      calls.push({ input, options, resolve, reject })
      options.signal?.addEventListener('abort', () => {
        reject(new RpcError({ code: 'CANCELLED', message: 'Cancelled' }))
      })
    })
  return { call, calls }
}

describe('query runner', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows progress only after 300 ms, then the result and how long it took', async () => {
    const { call, calls } = controllableCall<number>()
    const runner = createQueryRunner(call)
    const done = runner.run('a', 'key-a')
    expect(runner.store.getState()).toMatchObject({ status: 'running', slow: false, key: 'key-a' })
    vi.advanceTimersByTime(PROGRESS_DELAY_MS - 1)
    expect(runner.store.getState().slow).toBe(false)
    vi.advanceTimersByTime(1)
    expect(runner.store.getState().slow).toBe(true)
    calls[0]?.options.onProgress?.({ phase: 'Reading events', done: 10 })
    expect(runner.store.getState().progress).toEqual({ phase: 'Reading events', done: 10 })
    vi.advanceTimersByTime(200)
    calls[0]?.resolve(42)
    await done
    const state = runner.store.getState()
    expect(state).toMatchObject({
      status: 'done',
      result: 42,
      resultKey: 'key-a',
      slow: false,
      progress: null,
      error: null
    })
    expect(state.resultMs).toBeGreaterThanOrEqual(PROGRESS_DELAY_MS + 200)
  })

  it('a quick answer never shows progress', async () => {
    const { call, calls } = controllableCall<number>()
    const runner = createQueryRunner(call)
    const seen: boolean[] = []
    runner.store.subscribe((state) => seen.push(state.slow))
    const done = runner.run('a', 'a')
    vi.advanceTimersByTime(100)
    calls[0]?.resolve(1)
    await done
    vi.advanceTimersByTime(1000)
    expect(seen.every((slow) => !slow)).toBe(true)
  })

  it('cancel aborts the call (its signal) and says cancelled at once, keeping the last result', async () => {
    const { call, calls } = controllableCall<string>()
    const runner = createQueryRunner(call)
    const first = runner.run('a', 'a')
    calls[0]?.resolve('first')
    await first
    const second = runner.run('b', 'b')
    vi.advanceTimersByTime(PROGRESS_DELAY_MS)
    runner.cancel()
    expect(calls[1]?.options.signal?.aborted).toBe(true)
    expect(runner.store.getState()).toMatchObject({
      status: 'cancelled',
      result: 'first',
      resultKey: 'a',
      key: 'b',
      slow: false,
      error: null
    })
    await second
    expect(runner.store.getState().status).toBe('cancelled')
  })

  it('a new run supersedes the running one: the old answer is ignored', async () => {
    const { call, calls } = controllableCall<string>()
    const runner = createQueryRunner(call)
    const first = runner.run('a', 'a')
    const second = runner.run('b', 'b')
    expect(calls[0]?.options.signal?.aborted).toBe(true)
    calls[1]?.resolve('second')
    await Promise.all([first, second])
    expect(runner.store.getState()).toMatchObject({
      status: 'done',
      result: 'second',
      resultKey: 'b'
    })
  })

  it('drops the last result when the answer is empty because of the question', async () => {
    const { call, calls } = controllableCall<string>()
    const runner = createQueryRunner(call)
    const first = runner.run('a', 'a')
    calls[0]?.resolve('good')
    await first
    const why = {
      code: 'NOT_FOUND' as const,
      message: 'No session has browser "chrome": …',
      details: { emptyAnswer: 'unknown-device-value', unknown: ['chrome'] }
    }
    const second = runner.run('b', 'b')
    calls[1]?.reject(new RpcError(why))
    await second
    expect(runner.store.getState()).toMatchObject({
      status: 'failed',
      result: null,
      resultKey: 'b',
      error: why
    })
    // Any other NOT_FOUND (a customer id that does not exist) keeps the last result.
    const third = runner.run('a', 'a')
    calls[2]?.resolve('good')
    await third
    const fourth = runner.run('c', 'c')
    calls[3]?.reject(new RpcError({ code: 'NOT_FOUND', message: 'No customer with id u9' }))
    await fourth
    expect(runner.store.getState()).toMatchObject({ status: 'failed', result: 'good' })
  })

  it('keeps the last good result when a run fails, with the error envelope', async () => {
    const { call, calls } = controllableCall<string>()
    const runner = createQueryRunner(call)
    const first = runner.run('a', 'a')
    calls[0]?.resolve('good')
    await first
    const second = runner.run('b', 'b')
    calls[1]?.reject(
      new RpcError({
        code: 'HOST_NOT_FOUND',
        message: 'No host db.example',
        details: { host: 'db.example' }
      })
    )
    await second
    expect(runner.store.getState()).toMatchObject({
      status: 'failed',
      result: 'good',
      error: {
        code: 'HOST_NOT_FOUND',
        message: 'No host db.example',
        details: { host: 'db.example' }
      }
    })
  })

  it('a CANCELLED answer from the server counts as cancelled, not as an error', async () => {
    const { call, calls } = controllableCall<string>()
    const runner = createQueryRunner(call)
    const run = runner.run('a', 'a')
    calls[0]?.reject(new RpcError({ code: 'CANCELLED', message: 'The query was cancelled.' }))
    await run
    expect(runner.store.getState()).toMatchObject({ status: 'cancelled', error: null })
  })

  it('cancel with nothing running changes nothing; dispose stops further runs', async () => {
    const { call, calls } = controllableCall<string>()
    const runner = createQueryRunner(call)
    runner.cancel()
    expect(runner.store.getState().status).toBe('idle')
    runner.dispose()
    await runner.run('a', 'a')
    expect(calls).toHaveLength(0)
    expect(runner.store.getState().status).toBe('idle')
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RpcRouter } from '../../../src/main/rpc/router'
import { BackendLoader, type WebBackend } from '../../../src/main/web/backend-loader'

const BACKEND: WebBackend = { router: Object.create(null) as RpcRouter }

describe('BackendLoader: when the web mode loads its services', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('loads nothing before a file was sent or a call came', () => {
    const load = vi.fn(() => Promise.resolve(BACKEND))
    new BackendLoader(load, 100)
    vi.advanceTimersByTime(10_000)
    expect(load).not.toHaveBeenCalled()
  })

  it('loads once the files are out and none follows within the quiet time', () => {
    const load = vi.fn(() => Promise.resolve(BACKEND))
    const loader = new BackendLoader(load, 100)
    loader.fileStarted()
    loader.fileStarted()
    loader.fileFinished()
    vi.advanceTimersByTime(500)
    expect(load).not.toHaveBeenCalled() // one file still on its way
    loader.fileFinished()
    vi.advanceTimersByTime(99)
    loader.fileStarted() // the browser asks for another script: wait again
    vi.advanceTimersByTime(500)
    expect(load).not.toHaveBeenCalled()
    loader.fileFinished()
    vi.advanceTimersByTime(100)
    expect(load).toHaveBeenCalledTimes(1)
    loader.fileStarted()
    loader.fileFinished()
    vi.advanceTimersByTime(500)
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('loads at the first call, once, and keeps what it loaded', async () => {
    const load = vi.fn(() => Promise.resolve(BACKEND))
    const loader = new BackendLoader(load, 100)
    expect(loader.loaded).toBeNull()
    const [first, second] = await Promise.all([loader.get(), loader.get()])
    expect(first).toBe(BACKEND)
    expect(second).toBe(BACKEND)
    expect(load).toHaveBeenCalledTimes(1)
    expect(loader.loaded).toBe(BACKEND)
  })

  it('passes a failed load on to every call, and nothing is loaded', async () => {
    const loader = new BackendLoader(() => Promise.reject(new Error('no driver')), 100)
    await expect(loader.get()).rejects.toThrow('no driver')
    await expect(loader.get()).rejects.toThrow('no driver')
    expect(loader.loaded).toBeNull()
  })

  it('after dispose, a pending quiet time loads nothing', () => {
    const load = vi.fn(() => Promise.resolve(BACKEND))
    const loader = new BackendLoader(load, 100)
    loader.fileStarted()
    loader.fileFinished()
    loader.dispose()
    vi.advanceTimersByTime(1_000)
    expect(load).not.toHaveBeenCalled()
  })
})

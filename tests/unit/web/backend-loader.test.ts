import { describe, expect, it, vi } from 'vitest'
import type { RpcRouter } from '../../../src/main/rpc/router'
import { BackendLoader, type WebBackend } from '../../../src/main/web/backend-loader'

const BACKEND: WebBackend = { router: Object.create(null) as RpcRouter }

describe('BackendLoader: when the web mode loads its services', () => {
  it('loads at the first call, once, and keeps what it loaded', async () => {
    const load = vi.fn(() => Promise.resolve(BACKEND))
    const loader = new BackendLoader(load)
    expect(loader.loaded).toBeNull()
    const [first, second] = await Promise.all([loader.get(), loader.get()])
    expect(first).toBe(BACKEND)
    expect(second).toBe(BACKEND)
    expect(load).toHaveBeenCalledTimes(1)
    expect(loader.loaded).toBe(BACKEND)
  })

  it('passes a failed load on to every call, and nothing is loaded', async () => {
    const loader = new BackendLoader(() => Promise.reject(new Error('no driver')))
    await expect(loader.get()).rejects.toThrow('no driver')
    await expect(loader.get()).rejects.toThrow('no driver')
    expect(loader.loaded).toBeNull()
  })
})

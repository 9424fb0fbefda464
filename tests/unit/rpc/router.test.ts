import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '../../../src/shared/errors'
import { defineService, method } from '../../../src/shared/rpc/contract'
import { decodeWire, encodeWire, type RpcResponse } from '../../../src/shared/rpc/wire'
import { RpcRouter } from '../../../src/main/rpc/router'

const clockContract = defineService('clock', {
  addDays: method<{ date: Date }>()(
    z.object({ date: z.date(), days: z.number().int().max(1000) }),
    'A date plus some days.'
  ),
  wait: method<{ waited: true }>()(z.object({}), 'Waits until cancelled, reporting progress.'),
  fail: method<never>()(z.object({}), 'Always fails with an app error.')
})

const testContracts = { clock: clockContract }

function makeRouter() {
  return new RpcRouter(testContracts, {
    clock: {
      addDays: ({ date, days }) =>
        Promise.resolve({ date: new Date(date.getTime() + days * 86_400_000) }),
      wait: (_input, { signal, reportProgress }) =>
        new Promise((_resolve, reject) => {
          reportProgress({ phase: 'waiting', done: 1 })
          signal.addEventListener('abort', () => {
            reject(new AppError('CANCELLED', 'Cancelled'))
          })
        }),
      fail: () => Promise.reject(new AppError('NOT_FOUND', 'No such customer', { userId: 'u1' }))
    }
  })
}

function request(requestId: string, input: unknown) {
  return { requestId, payload: encodeWire(input) }
}

function resultOf(response: RpcResponse): unknown {
  if (!response.ok) throw new Error(`expected success, got ${response.error.message}`)
  return decodeWire(response.result)
}

describe('RpcRouter', () => {
  it('validates, calls the service and returns Extended JSON with dates intact', async () => {
    const router = makeRouter()
    const response = await router.dispatch(
      'clock.addDays',
      request('r1', { date: new Date('2025-01-30T10:00:00Z'), days: 3 })
    )
    const result = resultOf(response) as { date: Date }
    expect(result.date).toBeInstanceOf(Date)
    expect(result.date.toISOString()).toBe('2025-02-02T10:00:00.000Z')
  })

  it('answers invalid input with an INVALID_INPUT envelope naming the field', async () => {
    const response = await makeRouter().dispatch(
      'clock.addDays',
      request('r2', { date: 'today', days: 1 })
    )
    expect(response.ok).toBe(false)
    if (response.ok) return
    expect(response.error.code).toBe('INVALID_INPUT')
    expect(response.error.message).toContain('date')
  })

  it('refuses unknown services, unknown methods and prototype names', async () => {
    const router = makeRouter()
    for (const channel of [
      'nope.addDays',
      'clock.nope',
      'clock.constructor',
      '__proto__.x',
      'clock'
    ]) {
      const response = await router.dispatch(channel, request('r3', {}))
      expect(response).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
    expect(router.knows('clock.toString')).toBe(false)
  })

  it('refuses malformed requests and payloads that are not Extended JSON', async () => {
    const router = makeRouter()
    expect(await router.dispatch('clock.wait', { payload: '{}' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' }
    })
    expect(
      await router.dispatch('clock.wait', { requestId: 'bad id!', payload: '{}' })
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' }
    })
    expect(
      await router.dispatch('clock.wait', { requestId: 'r4', payload: '{not json' })
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('Extended JSON') as unknown }
    })
  })

  it('passes app errors through as one envelope with details', async () => {
    const response = await makeRouter().dispatch('clock.fail', request('r5', {}))
    expect(response).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such customer', details: { userId: 'u1' } }
    })
  })

  it('reports progress and cancels a running call by request id', async () => {
    const router = makeRouter()
    const progress: unknown[] = []
    const pending = router.dispatch('clock.wait', request('r6', {}), (p) => progress.push(p))
    expect(router.runningCalls).toBe(1)
    expect(router.cancel('r6')).toBe(true)
    const response = await pending
    expect(response).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(progress).toEqual([{ phase: 'waiting', done: 1 }])
    expect(router.runningCalls).toBe(0)
    expect(router.cancel('r6')).toBe(false)
  })

  it('refuses a second call with a request id that is still running', async () => {
    const router = makeRouter()
    const first = router.dispatch('clock.wait', request('r7', {}))
    const second = await router.dispatch('clock.wait', request('r7', {}))
    expect(second).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    router.cancelAll()
    expect(await first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
  })
})

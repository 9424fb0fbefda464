import { describe, expect, it } from 'vitest'
import { createClient } from '../../../src/renderer/src/api/create-client'
import type { Transport } from '../../../src/renderer/src/api/transport'
import { RpcError } from '../../../src/renderer/src/api/rpc-error'
import { contracts } from '../../../src/shared/contracts'
import { decodeWire, encodeWire, type RpcRequest } from '../../../src/shared/rpc/wire'

/** A transport that answers every call with its channel and decoded payload, or never (`hang`). */
function echoTransport(hang = false) {
  const cancelled: string[] = []
  const requests: { channel: string; request: RpcRequest }[] = []
  const transport: Transport = {
    kind: 'http',
    call(channel, request, _onProgress, signal) {
      requests.push({ channel, request })
      if (hang) {
        return new Promise((_, reject) => {
          signal?.addEventListener('abort', () => {
            reject(new Error('aborted'))
          })
        })
      }
      const result = encodeWire({ channel, input: decodeWire(request.payload) })
      return Promise.resolve({ ok: true, result })
    },
    cancel(requestId) {
      cancelled.push(requestId)
      return Promise.resolve()
    }
  }
  return { transport, cancelled, requests }
}

describe('createClient', () => {
  it('calls every method of every contract on its own channel, with the payload as Extended JSON', async () => {
    const { transport } = echoTransport()
    const api = createClient(transport) as unknown as Record<
      string,
      Record<string, (input: unknown) => Promise<unknown>>
    >
    const at = new Date('2026-01-02T03:04:05Z')
    for (const contract of Object.values(contracts)) {
      for (const method of Object.keys(contract.methods)) {
        const answer = await api[contract.name]?.[method]?.({ at })
        expect(answer).toEqual({ channel: `${contract.name}.${method}`, input: { at } })
      }
    }
  })

  it('hands out the same function for a method every time (stable for React dependencies)', () => {
    const api = createClient(echoTransport().transport)
    expect(api.journeys.searchCustomers).toBe(api.journeys.searchCustomers)
    expect(api.connections).toBe(api.connections)
  })

  it('is not a thenable, so awaiting it or a service yields the object itself', async () => {
    const api = createClient(echoTransport().transport)
    expect(await Promise.resolve(api)).toBe(api)
    expect(await Promise.resolve(api.journeys)).toBe(api.journeys)
  })

  it('asks the other side to cancel when the signal aborts, and says cancelled', async () => {
    const { transport, cancelled, requests } = echoTransport(true)
    const api = createClient(transport)
    const controller = new AbortController()
    const call = api.journeys.catalogue({ source: { kind: 'demo' } } as never, {
      signal: controller.signal
    })
    controller.abort()
    await expect(call).rejects.toBeInstanceOf(RpcError)
    await expect(call).rejects.toMatchObject({ envelope: { code: 'CANCELLED' } })
    expect(cancelled).toEqual([requests[0]?.request.requestId])
  })
})

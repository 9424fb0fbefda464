import type { WorkbenchApi } from '../../../shared/contracts'
import type { CallOptions } from '../../../shared/rpc/contract'
import { channelOf, decodeWire, encodeWire } from '../../../shared/rpc/wire'
import { RpcError } from './rpc-error'
import type { Transport } from './transport'

type ClientMethod = (input: unknown, options?: CallOptions) => Promise<unknown>

/**
 * A typed proxy per service: `api.connections.test({ id }, { signal, onProgress })`. Typed by the
 * contracts, but built without importing them: their zod schemas are the main process's to run, and
 * would weigh on the renderer's start. A name the contracts lack is refused by the router.
 */
export function createClient(transport: Transport): WorkbenchApi {
  const services = new Map<string, Record<string, ClientMethod>>()
  const serviceProxy = (serviceName: string): Record<string, ClientMethod> => {
    const methods = new Map<string, ClientMethod>()
    return new Proxy(
      {},
      {
        get(_, methodName) {
          if (typeof methodName !== 'string' || methodName === 'then') return undefined
          let method = methods.get(methodName)
          if (!method) {
            const channel = channelOf(serviceName, methodName)
            method = (input, options) => callOnce(transport, channel, input, options ?? {})
            methods.set(methodName, method)
          }
          return method
        }
      }
    )
  }
  return new Proxy(
    {},
    {
      get(_, serviceName) {
        // Not a thenable: `then` is never a service or a method name.
        if (typeof serviceName !== 'string' || serviceName === 'then') return undefined
        let service = services.get(serviceName)
        if (!service) {
          service = serviceProxy(serviceName)
          services.set(serviceName, service)
        }
        return service
      }
    }
  ) as unknown as WorkbenchApi
}

async function callOnce(
  transport: Transport,
  channel: string,
  input: unknown,
  options: CallOptions
): Promise<unknown> {
  const cancelled = new RpcError({ code: 'CANCELLED', message: 'Cancelled' })
  if (options.signal?.aborted) throw cancelled
  const requestId = crypto.randomUUID()
  const onAbort = () => void transport.cancel(requestId).catch(() => undefined)
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const response = await transport.call(
      channel,
      { requestId, payload: encodeWire(input) },
      options.onProgress,
      options.signal
    )
    if (!response.ok) throw new RpcError(response.error)
    return decodeWire(response.result)
  } catch (error) {
    if (options.signal?.aborted) throw cancelled
    throw error
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
}

import { contracts, type WorkbenchApi } from '../../../shared/contracts'
import type { CallOptions } from '../../../shared/rpc/contract'
import { channelOf, decodeWire, encodeWire } from '../../../shared/rpc/wire'
import { RpcError } from './rpc-error'
import type { Transport } from './transport'

type ClientMethod = (input: unknown, options?: CallOptions) => Promise<unknown>

/** A typed proxy per contract: `api.connections.test({ id }, { signal, onProgress })`. */
export function createClient(transport: Transport): WorkbenchApi {
  const api: Record<string, Record<string, ClientMethod>> = {}
  for (const contract of Object.values(contracts)) {
    const service: Record<string, ClientMethod> = {}
    for (const methodName of Object.keys(contract.methods)) {
      const channel = channelOf(contract.name, methodName)
      service[methodName] = (input, options) => callOnce(transport, channel, input, options ?? {})
    }
    api[contract.name] = service
  }
  return api as unknown as WorkbenchApi
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

import type { ServiceName } from '../../../shared/contracts'
import type { Progress } from '../../../shared/rpc/contract'
import type { PreloadApi } from '../../../shared/rpc/preload-api'
import type { RpcResponse } from '../../../shared/rpc/wire'
import type { Transport } from './transport'

/** Calls through the preload's per-method functions; progress events are routed by request id. */
export function createIpcTransport(preload: PreloadApi): Transport {
  const listeners = new Map<string, (progress: Progress) => void>()
  preload.onProgress(({ requestId, progress }) => listeners.get(requestId)?.(progress))
  return {
    kind: 'ipc',
    async call(channel, request, onProgress): Promise<RpcResponse> {
      const [serviceName, methodName] = channel.split('.') as [ServiceName, string]
      const service = preload.services[serviceName] as Record<
        string,
        ((r: typeof request) => Promise<RpcResponse>) | undefined
      >
      const invoke = service[methodName]
      if (!invoke)
        return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown method ${channel}` } }
      if (onProgress) listeners.set(request.requestId, onProgress)
      try {
        return await invoke(request)
      } finally {
        listeners.delete(request.requestId)
      }
    },
    async cancel(requestId) {
      await preload.cancel(requestId)
    }
  }
}

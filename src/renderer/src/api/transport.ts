import type { Progress } from '../../../shared/rpc/contract'
import type { RpcRequest, RpcResponse } from '../../../shared/rpc/wire'

/** How calls reach the main-process router: Electron IPC or the web bridge. The client can't tell. */
export interface Transport {
  readonly kind: 'ipc' | 'http'
  call(
    channel: string,
    request: RpcRequest,
    onProgress: ((progress: Progress) => void) | undefined,
    signal: AbortSignal | undefined
  ): Promise<RpcResponse>
  cancel(requestId: string): Promise<void>
}

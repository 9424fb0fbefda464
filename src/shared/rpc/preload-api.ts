import type { Contracts, ServiceName } from '../contracts'
import type { ServiceContract } from './contract'
import type { RpcProgress, RpcRequest, RpcResponse } from './wire'

/** One function per contract method, each bound to its own IPC channel. */
export type PreloadServiceApi<C extends ServiceContract> = {
  [K in keyof C['methods']]: (request: RpcRequest) => Promise<RpcResponse>
}

/** Exactly what the preload exposes on `window.journeyWorkbench`. */
export interface PreloadApi {
  services: { [S in ServiceName]: PreloadServiceApi<Contracts[S]> }
  cancel(requestId: string): Promise<boolean>
  onProgress(listener: (report: RpcProgress) => void): () => void
}

export const PRELOAD_GLOBAL = 'journeyWorkbench'

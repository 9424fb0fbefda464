import { contextBridge, ipcRenderer } from 'electron'
import { contracts, type Contracts, type ServiceName } from '../shared/contracts'
import type { ServiceContract } from '../shared/rpc/contract'
import { PRELOAD_GLOBAL, type PreloadApi, type PreloadServiceApi } from '../shared/rpc/preload-api'
import {
  CANCEL_CHANNEL,
  PROGRESS_CHANNEL,
  channelOf,
  type RpcProgress,
  type RpcRequest,
  type RpcResponse
} from '../shared/rpc/wire'

/** Exposes each method of a contract as its own function on its own channel; nothing generic. */
function exposeService<C extends ServiceContract>(contract: C): PreloadServiceApi<C> {
  const api: Record<string, (request: RpcRequest) => Promise<RpcResponse>> = {}
  for (const methodName of Object.keys(contract.methods)) {
    const channel = channelOf(contract.name, methodName)
    api[methodName] = (request) => ipcRenderer.invoke(channel, request) as Promise<RpcResponse>
  }
  return api as PreloadServiceApi<C>
}

const services = Object.fromEntries(
  Object.entries(contracts).map(([name, contract]) => [name, exposeService(contract)])
) as { [S in ServiceName]: PreloadServiceApi<Contracts[S]> }

const api = {
  services,
  cancel: (requestId: string) => ipcRenderer.invoke(CANCEL_CHANNEL, requestId) as Promise<boolean>,
  onProgress: (listener: (report: RpcProgress) => void) => {
    const handler = (_event: Electron.IpcRendererEvent, report: RpcProgress) => {
      listener(report)
    }
    ipcRenderer.on(PROGRESS_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, handler)
    }
  }
} satisfies PreloadApi

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api)

import type { WorkbenchApi } from '../../../shared/contracts'
import { PRELOAD_GLOBAL, type PreloadApi } from '../../../shared/rpc/preload-api'
import { createClient } from './create-client'
import { createHttpTransport } from './http-transport'
import { createIpcTransport } from './ipc-transport'
import type { Transport } from './transport'

const TOKEN_KEY = 'journey-workbench-token'

/** Electron's preload when present, else the web bridge with the token from the launch URL. */
function chooseTransport(): Transport {
  const preload = (window as unknown as Record<string, PreloadApi | undefined>)[PRELOAD_GLOBAL]
  if (preload) return createIpcTransport(preload)
  const fromHash = /(?:^#|&)token=([^&]+)/.exec(window.location.hash)?.[1]
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash)
    history.replaceState(null, '', window.location.pathname + window.location.search)
  }
  return createHttpTransport(fromHash ?? sessionStorage.getItem(TOKEN_KEY) ?? '')
}

const transport = chooseTransport()

export const transportKind = transport.kind
export const api: WorkbenchApi = createClient(transport)

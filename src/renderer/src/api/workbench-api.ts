import type { WorkbenchApi } from '../../../shared/contracts'
import { PRELOAD_GLOBAL, type PreloadApi } from '../../../shared/rpc/preload-api'
import { createClient } from './create-client'
import { createHttpTransport } from './http-transport'
import { createIpcTransport } from './ipc-transport'
import { takeTokenFromHash } from './take-token'
import type { Transport } from './transport'

const TOKEN_KEY = 'journey-workbench-token'

/** Electron's preload when present, else the web bridge with the token from the launch URL. */
function chooseTransport(): { transport: Transport; hasAccess: boolean } {
  const preload = (window as unknown as Record<string, PreloadApi | undefined>)[PRELOAD_GLOBAL]
  if (preload) return { transport: createIpcTransport(preload), hasAccess: true }
  const { token: fromHash, hash } = takeTokenFromHash(window.location.hash)
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash)
    history.replaceState(null, '', window.location.pathname + window.location.search + hash)
  }
  const token = fromHash ?? sessionStorage.getItem(TOKEN_KEY) ?? ''
  return { transport: createHttpTransport(token), hasAccess: token !== '' }
}

const chosen = chooseTransport()

export const transportKind = chosen.transport.kind
/** False in web mode when the page was opened without its token: no call can succeed. */
export const hasAccessToken = chosen.hasAccess
export const api: WorkbenchApi = createClient(chosen.transport)

import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { contracts } from '../../shared/contracts'
import { AppError } from '../../shared/errors'
import {
  CANCEL_CHANNEL,
  PROGRESS_CHANNEL,
  channelOf,
  type RpcResponse
} from '../../shared/rpc/wire'
import type { RpcRouter } from '../rpc/router'
import { isTrustedIpcSender } from '../security'

/** One `ipcMain.handle` per contract method (`Service.method`), all answered by the router. */
export function registerIpcTransport(router: RpcRouter, appEntryUrl: () => string): () => void {
  const channels: string[] = []
  const trusted = (event: IpcMainInvokeEvent) =>
    isTrustedIpcSender(event.senderFrame?.url, appEntryUrl())

  for (const contract of Object.values(contracts)) {
    for (const methodName of Object.keys(contract.methods)) {
      const channel = channelOf(contract.name, methodName)
      channels.push(channel)
      ipcMain.handle(channel, async (event, request: unknown): Promise<RpcResponse> => {
        if (!trusted(event)) {
          return { ok: false, error: new AppError('FORBIDDEN', 'Untrusted sender').toEnvelope() }
        }
        const requestId = (request as { requestId?: unknown } | null)?.requestId
        return router.dispatch(channel, request, (progress) => {
          if (!event.sender.isDestroyed())
            event.sender.send(PROGRESS_CHANNEL, { requestId, progress })
        })
      })
    }
  }
  ipcMain.handle(CANCEL_CHANNEL, (event, requestId: unknown) => {
    return trusted(event) && typeof requestId === 'string' ? router.cancel(requestId) : false
  })
  channels.push(CANCEL_CHANNEL)
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}

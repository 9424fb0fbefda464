import { randomUUID } from 'node:crypto'
import type { ErrorEnvelope } from '../../src/shared/errors'
import type { Progress } from '../../src/shared/rpc/contract'
import { decodeWire, encodeWire, type RpcResponse } from '../../src/shared/rpc/wire'

/** What one call over the web bridge came to. */
export type BridgeOutcome =
  | { kind: 'ok'; result: unknown; progress: Progress[] }
  | { kind: 'error'; error: ErrorEnvelope; progress: Progress[] }
  /** The client closed the HTTP connection (the bridge cancels the call). */
  | { kind: 'closed'; progress: Progress[] }

export interface BridgeCallOptions {
  requestId?: string
  /** Closes the HTTP connection when aborted, as a browser tab that goes away does. */
  signal?: AbortSignal
  onProgress?: (progress: Progress) => void
}

/** A client of the web bridge's HTTP API, as the renderer's HTTP transport speaks it. */
export class BridgeClient {
  constructor(
    private readonly port: number,
    private readonly token: string
  ) {}

  async call(
    channel: string,
    input: unknown,
    options: BridgeCallOptions = {}
  ): Promise<BridgeOutcome> {
    const requestId = options.requestId ?? randomUUID()
    const progress: Progress[] = []
    let response: Response
    try {
      response = await fetch(`http://127.0.0.1:${String(this.port)}/api/rpc/${channel}`, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify({ requestId, payload: encodeWire(input) }),
        ...(options.signal ? { signal: options.signal } : {})
      })
    } catch (error) {
      if (options.signal?.aborted) return { kind: 'closed', progress }
      throw error
    }
    if (!response.ok || !response.body) {
      throw new Error(`${channel}: HTTP ${String(response.status)} ${await response.text()}`)
    }
    let reply: RpcResponse | null = null
    let pending = ''
    const decoder = new TextDecoder()
    try {
      for await (const chunk of response.body) {
        pending += decoder.decode(chunk as Uint8Array, { stream: true })
        const lines = pending.split('\n')
        pending = lines.pop() ?? ''
        for (const line of lines) {
          if (!line) continue
          const message = JSON.parse(line) as { progress?: Progress; response?: RpcResponse }
          if (message.progress) {
            progress.push(message.progress)
            options.onProgress?.(message.progress)
          }
          if (message.response) reply = message.response
        }
      }
    } catch (error) {
      if (options.signal?.aborted) return { kind: 'closed', progress }
      throw error
    }
    if (!reply) throw new Error(`${channel}: the bridge answered no response line`)
    return reply.ok
      ? { kind: 'ok', result: decodeWire(reply.result), progress }
      : { kind: 'error', error: reply.error, progress }
  }

  /** `/api/cancel`: true when a running call had that id. */
  async cancel(requestId: string): Promise<boolean> {
    const response = await fetch(`http://127.0.0.1:${String(this.port)}/api/cancel`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({ requestId })
    })
    return ((await response.json()) as { cancelled: boolean }).cancelled
  }

  private headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' }
  }
}

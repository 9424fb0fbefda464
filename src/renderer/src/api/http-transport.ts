import type { Progress } from '../../../shared/rpc/contract'
import type { RpcResponse } from '../../../shared/rpc/wire'
import type { Transport } from './transport'

/** Web mode: each call is a POST whose NDJSON answer carries progress lines, then the response. */
export function createHttpTransport(token: string): Transport {
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
  return {
    kind: 'http',
    async call(channel, request, onProgress, signal): Promise<RpcResponse> {
      const response = await fetch(`/api/rpc/${channel}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
        signal: signal ?? null
      })
      if (!response.ok || !response.body) return refusal(response)
      return readNdjsonReply(response.body, onProgress)
    },
    async cancel(requestId) {
      await fetch('/api/cancel', { method: 'POST', headers, body: JSON.stringify({ requestId }) })
    }
  }
}

async function refusal(response: Response): Promise<RpcResponse> {
  const body = (await response.json().catch(() => ({}))) as { error?: string }
  const reason = body.error ?? `HTTP ${String(response.status)}`
  const code = response.status === 401 || response.status === 403 ? 'FORBIDDEN' : 'INTERNAL'
  const hint =
    response.status === 401
      ? ' Open the address printed in the terminal where Journey Workbench was started (npm start or npm run web) again.'
      : ''
  return {
    ok: false,
    error: { code, message: `The web bridge refused the call: ${reason}.${hint}` }
  }
}

async function readNdjsonReply(
  body: ReadableStream<Uint8Array>,
  onProgress: ((progress: Progress) => void) | undefined
): Promise<RpcResponse> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (value) buffered += decoder.decode(value, { stream: true })
    let newline = buffered.indexOf('\n')
    while (newline >= 0) {
      const line = buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
      const message = JSON.parse(line) as { progress?: Progress; response?: RpcResponse }
      if (message.response) return message.response
      if (message.progress) onProgress?.(message.progress)
      newline = buffered.indexOf('\n')
    }
    if (done) break
  }
  return { ok: false, error: { code: 'INTERNAL', message: 'The web bridge closed the call early' } }
}

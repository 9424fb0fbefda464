import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RpcRouter } from '../rpc/router'
import { WEB_SECURITY_HEADERS } from '../security'

const MAX_BODY_BYTES = 16 * 1024 * 1024

/**
 * One call over HTTP. The response is NDJSON: zero or more `{"progress":…}` lines, then one
 * `{"response":…}` line. A client that goes away (fetch aborted) cancels the call.
 */
export async function handleRpc(
  router: RpcRouter,
  channel: string,
  request: IncomingMessage,
  response: ServerResponse
): Promise<void> {
  if (!router.knows(channel)) {
    sendJson(response, 404, { error: `Unknown method ${channel}` })
    return
  }
  let body: unknown
  try {
    body = JSON.parse(await readBody(request))
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unreadable body'
    sendJson(response, 400, { error: `Malformed request: ${message}` })
    return
  }
  const requestId = (body as { requestId?: unknown } | null)?.requestId
  response.on('close', () => {
    if (!response.writableFinished && typeof requestId === 'string') router.cancel(requestId)
  })
  response.writeHead(200, {
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Cache-Control': 'no-store',
    ...WEB_SECURITY_HEADERS
  })
  const reply = await router.dispatch(channel, body, (progress) => {
    response.write(JSON.stringify({ progress }) + '\n')
  })
  response.end(JSON.stringify({ response: reply }) + '\n')
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...WEB_SECURITY_HEADERS
  })
  response.end(JSON.stringify(value))
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'))
        request.destroy()
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'))
    })
    request.on('error', reject)
  })
}

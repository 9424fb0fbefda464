import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RpcRouter } from '../rpc/router'
import { WEB_SECURITY_HEADERS } from '../security'
import { MAX_BODY_BYTES, readRequestBody } from './read-request-body'
import { sendJson } from './send-json'

/**
 * One call over HTTP. The response is NDJSON: zero or more `{"progress":…}` lines, then one
 * `{"response":…}` line. A client that goes away (fetch aborted) cancels the call. Headers go out
 * with the first line, so a call that cannot start still gets a plain status (400, 413, 500).
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
  const body = await readRequestBody(request)
  if (body.kind === 'gone') return
  if (body.kind === 'too-large') {
    sendJson(
      response,
      413,
      { error: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB` },
      { Connection: 'close' }
    )
    return
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(body.text)
  } catch {
    sendJson(response, 400, { error: 'Malformed request: the body is not JSON' })
    return
  }
  const requestId = (parsed as { requestId?: unknown } | null)?.requestId
  response.on('close', () => {
    if (!response.writableFinished && typeof requestId === 'string') router.cancel(requestId)
  })
  const startStream = (): void => {
    if (response.headersSent) return
    response.writeHead(200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Cache-Control': 'no-store',
      ...WEB_SECURITY_HEADERS
    })
  }
  const reply = await router.dispatch(channel, parsed, (progress) => {
    startStream()
    response.write(JSON.stringify({ progress }) + '\n')
  })
  startStream()
  response.end(JSON.stringify({ response: reply }) + '\n')
}

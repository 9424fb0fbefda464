import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RpcRouter } from '../rpc/router'
import { handleRpc, sendJson } from './handle-rpc'
import { checkApiRequest } from './request-guard'
import { serveStatic } from './serve-static'

export interface WebBridgeOptions {
  router: RpcRouter
  rendererDir: string
  /** 0 picks a free port. */
  port: number
}

export interface WebBridge {
  /** Open this in a browser: the token travels in the fragment, never to a server log. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/** The web mode: the built renderer and the same router, on 127.0.0.1 only, behind a token. */
export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const token = randomBytes(24).toString('base64url')
  let port = options.port
  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) })
      else response.end()
    })
  })

  async function route(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    if (!path.startsWith('/api/')) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        sendJson(response, 405, { error: 'Method not allowed' })
        return
      }
      await serveStatic(options.rendererDir, path, response)
      return
    }
    const verdict = checkApiRequest(
      {
        method: request.method ?? '',
        host: request.headers.host,
        origin: request.headers.origin,
        authorization: request.headers.authorization,
        secFetchSite: headerValue(request.headers['sec-fetch-site'])
      },
      port,
      token
    )
    if (!verdict.allowed) {
      sendJson(response, verdict.status, { error: verdict.reason })
      return
    }
    if (path === '/api/cancel') {
      const requestId = await readRequestId(request)
      sendJson(response, 200, { cancelled: requestId ? options.router.cancel(requestId) : false })
      return
    }
    if (path.startsWith('/api/rpc/')) {
      await handleRpc(options.router, path.slice('/api/rpc/'.length), request, response)
      return
    }
    sendJson(response, 404, { error: 'Not found' })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => {
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        options.router.cancelAll()
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      })
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

async function readRequestId(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = []
  for await (const chunk of request) {
    chunks.push(chunk as Buffer)
    if (chunks.length > 16) return null
  }
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { requestId?: unknown }
    return typeof parsed.requestId === 'string' ? parsed.requestId : null
  } catch {
    return null
  }
}

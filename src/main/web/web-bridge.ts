import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { handleRpc } from './handle-rpc'
import { readRequestBody } from './read-request-body'
import { checkApiRequest, checkDownloadRequest } from './request-guard'
import { sendJson } from './send-json'
import { BackendLoader, type WebBackend } from './backend-loader'
import { serveStatic } from './serve-static'

export interface WebBridgeOptions {
  /**
   * The services, or how to load them: then the page is served at once and the services load at
   * the first API call, which waits for them (a failed load answers calls with an internal error).
   */
  backend: WebBackend | (() => Promise<WebBackend>)
  rendererDir: string
  /** 0 picks a free port. */
  port: number
  /** Where the bridge reports its own failures (default: stderr). The token is never in a line. */
  log?: (line: string) => void
}

export interface WebBridge {
  /** Open this in a browser: the token travels in the fragment, never to a server log. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const DOWNLOAD_PREFIX = '/api/download/'

/** A download link's id is a one-time secret: it never goes into a log line. */
function redactDownloadId(path: string): string {
  return path.startsWith(DOWNLOAD_PREFIX) ? `${DOWNLOAD_PREFIX}[id]` : path
}

/** The web mode: the built renderer and the same router, on 127.0.0.1 only, behind a token. */
export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const token = randomBytes(24).toString('base64url')
  const rendererDir = resolve(options.rendererDir)
  const writeLog = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  // Whatever a failure says (a URL, a header echoed in a message), the token is cut out of it.
  const log = (line: string): void => {
    writeLog(line.split(token).join('[token]'))
  }
  let port = options.port
  let closed = false
  const given = options.backend
  const backend = new BackendLoader(
    typeof given === 'function' ? given : () => Promise.resolve(given)
  )
  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      const method = request.method ?? '?'
      const path = redactDownloadId((request.url ?? '').split('?', 1)[0] ?? '')
      log(`journey web: ${method} ${path} failed: ${describe(error)}`)
      // The client learns that it failed, never how: messages and stacks stay in the log.
      if (!response.headersSent) sendJson(response, 500, { error: 'Internal error' })
      else
        response.end(
          JSON.stringify({
            response: { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } }
          }) + '\n'
        )
    })
  })

  async function route(request: IncomingMessage, response: ServerResponse) {
    const target = request.url ?? '/'
    if (!target.startsWith('/api/') && target !== '/api') {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        sendJson(response, 405, { error: 'Method not allowed' }, { Allow: 'GET, HEAD' })
        return
      }
      await serveStatic(rendererDir, target, response, request.method === 'HEAD')
      return
    }
    const path = target.split('?', 1)[0] ?? ''
    const { router, downloads } = await backend.get()
    if (closed) {
      response.destroy()
      return
    }
    if (path.startsWith(DOWNLOAD_PREFIX) && downloads) {
      const downloadVerdict = checkDownloadRequest(
        {
          method: request.method ?? '',
          host: request.headers.host,
          origin: request.headers.origin,
          secFetchSite: headerValue(request.headers['sec-fetch-site'])
        },
        port
      )
      if (!downloadVerdict.allowed) {
        sendJson(
          response,
          downloadVerdict.status,
          { error: downloadVerdict.reason },
          downloadVerdict.status === 405 ? { Allow: 'GET' } : {}
        )
        return
      }
      // Loaded with the services: it maps driver errors, so it needs the driver.
      const { serveDownload } = await import('./serve-download')
      await serveDownload(downloads, path.slice(DOWNLOAD_PREFIX.length), response)
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
      sendJson(
        response,
        verdict.status,
        { error: verdict.reason },
        verdict.status === 405 ? { Allow: 'POST' } : {}
      )
      return
    }
    if (path === '/api/cancel') {
      const body = await readRequestBody(request, 4096)
      if (body.kind === 'gone') return
      const requestId = body.kind === 'text' ? requestIdOf(body.text) : null
      if (requestId === null) {
        sendJson(response, 400, { error: 'Malformed request: expected {"requestId": "…"}' })
        return
      }
      sendJson(response, 200, { cancelled: router.cancel(requestId) })
      return
    }
    if (path.startsWith('/api/rpc/')) {
      await handleRpc(router, path.slice('/api/rpc/'.length), request, response)
      return
    }
    sendJson(response, 404, { error: 'Not found' })
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject)
      resolveListen()
    })
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        closed = true
        backend.loaded?.router.cancelAll()
        server.closeAllConnections()
        server.close(() => {
          resolveClose()
        })
      })
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function requestIdOf(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { requestId?: unknown } | null
    return typeof parsed?.requestId === 'string' ? parsed.requestId : null
  } catch {
    return null
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '../../../src/shared/errors'
import { defineService, method } from '../../../src/shared/rpc/contract'
import { decodeWire, encodeWire } from '../../../src/shared/rpc/wire'
import { RpcRouter } from '../../../src/main/rpc/router'
import { startWebBridge, type WebBridge } from '../../../src/main/web/web-bridge'
import { rawRequest, type RawResponse } from './http-request'

/* The web bridge over real HTTP on 127.0.0.1: every refusal is checked by status code and body. */

const echoContract = defineService('echo', {
  say: method<{ said: string; at: Date }>()(z.object({ text: z.string() }), 'Echoes the text.'),
  slow: method<{ done: true }>()(z.object({}), 'Reports progress, then waits until cancelled.'),
  explode: method<never>()(z.object({}), 'A route whose router throws (a bug).')
})

const INDEX_HTML = '<!doctype html><title>Journey Workbench</title>'
const APP_JS = 'console.log("app")'
const SECRET = 'TOP-SECRET-FILE-CONTENT'

let bridge: WebBridge
let home: string
let rendererDir: string
const logLines: string[] = []
let slowCancelled: () => void
const slowWasCancelled = new Promise<void>((resolve) => {
  slowCancelled = resolve
})

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-bridge-'))
  rendererDir = join(home, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), INDEX_HTML)
  await writeFile(join(rendererDir, 'assets', 'app-B3x_9a.js'), APP_JS)
  // Next to the renderer folder, where a traversal would land.
  await writeFile(join(home, 'secret.txt'), SECRET)
  const router = new RpcRouter(
    { echo: echoContract },
    {
      echo: {
        say: ({ text }) => Promise.resolve({ said: text, at: new Date('2025-09-13T12:00:00Z') }),
        slow: (_input, { signal, reportProgress }) =>
          new Promise((_resolve, reject) => {
            reportProgress({ phase: 'scan', done: 10, total: 100 })
            signal.addEventListener('abort', () => {
              slowCancelled()
              reject(new AppError('CANCELLED', 'Cancelled'))
            })
          }),
        explode: () => Promise.reject(new Error('never seen'))
      }
    }
  )
  // A router with a bug: dispatch itself throws, with internals (and the token) in its message.
  const dispatch = router.dispatch.bind(router)
  router.dispatch = (channel, request, onProgress) => {
    if (channel === 'echo.explode') {
      throw new Error(`lost /home/alice/.journey-workbench/connections.json for ${bridge.token}`)
    }
    return dispatch(channel, request, onProgress)
  }
  bridge = await startWebBridge({
    backend: { router: router as unknown as RpcRouter },
    rendererDir,
    port: 0,
    log: (line) => logLines.push(line)
  })
})

afterAll(async () => {
  await bridge.close()
  await rm(home, { recursive: true, force: true })
})

const host = (): string => `127.0.0.1:${bridge.port}`

function api(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<RawResponse> {
  return rawRequest({
    port: bridge.port,
    method: options.method ?? 'POST',
    path,
    headers: {
      Host: host(),
      Authorization: `Bearer ${bridge.token}`,
      'Content-Type': 'application/json',
      ...options.headers
    },
    ...(options.body === undefined ? {} : { body: options.body })
  })
}

const sayBody = JSON.stringify({ requestId: 'r1', payload: encodeWire({ text: 'hi' }) })

function jsonOf(response: RawResponse): unknown {
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
  return JSON.parse(response.body)
}

describe('web bridge: calls', () => {
  it('binds to loopback and hands the token over in the URL fragment', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/#token=${bridge.token}`)
    expect(bridge.token.length).toBeGreaterThanOrEqual(32)
  })

  it('answers a call with the token as NDJSON carrying Extended JSON', async () => {
    const response = await api('/api/rpc/echo.say', { body: sayBody })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8')
    const lines = response.body.trim().split('\n')
    expect(lines).toHaveLength(1)
    const last = JSON.parse(lines[0] ?? '') as { response: { ok: true; result: string } }
    expect(last.response.ok).toBe(true)
    const result = decodeWire(last.response.result) as { said: string; at: Date }
    expect(result).toEqual({ said: 'hi', at: new Date('2025-09-13T12:00:00Z') })
  })

  it('answers invalid input inside the stream as an INVALID_INPUT envelope', async () => {
    const response = await api('/api/rpc/echo.say', {
      body: JSON.stringify({ requestId: 'r2', payload: encodeWire({ text: { $gt: '' } }) })
    })
    expect(response.status).toBe(200)
    const { response: reply } = JSON.parse(response.body) as {
      response: { ok: false; error: { code: string; message: string } }
    }
    expect(reply.ok).toBe(false)
    expect(reply.error.code).toBe('INVALID_INPUT')
    expect(reply.error.message).toMatch(/^Invalid input: text: /)
  })

  it('streams progress and cancels the call when the client goes away', async () => {
    const controller = new AbortController()
    const response = await fetch(`http://127.0.0.1:${bridge.port}/api/rpc/echo.slow`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bridge.token}` },
      body: JSON.stringify({ requestId: 'r3', payload: encodeWire({}) }),
      signal: controller.signal
    })
    expect(response.status).toBe(200)
    const reader = response.body?.getReader()
    const first = (await reader?.read()) as { value?: Uint8Array } | undefined
    const line = new TextDecoder().decode(first?.value)
    expect(JSON.parse(line.trim())).toEqual({ progress: { phase: 'scan', done: 10, total: 100 } })
    controller.abort()
    await slowWasCancelled
  })
})

describe('web bridge: refusals, each by status and body', () => {
  it('refuses a request that names another host (DNS rebinding) with 403', async () => {
    for (const wrong of [
      `evil.example:${bridge.port}`,
      '127.0.0.1',
      `127.0.0.1:${bridge.port + 1}`
    ]) {
      const response = await api('/api/rpc/echo.say', { body: sayBody, headers: { Host: wrong } })
      expect(response.status).toBe(403)
      expect(jsonOf(response)).toEqual({ error: 'Unknown host' })
    }
  })

  it('refuses cross-site fetches and other origins with 403', async () => {
    const crossSite = await api('/api/rpc/echo.say', {
      body: sayBody,
      headers: { 'Sec-Fetch-Site': 'cross-site' }
    })
    expect(crossSite.status).toBe(403)
    expect(jsonOf(crossSite)).toEqual({ error: 'Cross-site requests are refused' })
    const sameSite = await api('/api/rpc/echo.say', {
      body: sayBody,
      headers: { 'Sec-Fetch-Site': 'same-site' }
    })
    expect(sameSite.status).toBe(403)
    const otherOrigin = await api('/api/rpc/echo.say', {
      body: sayBody,
      headers: { Origin: 'http://evil.example' }
    })
    expect(otherOrigin.status).toBe(403)
    expect(jsonOf(otherOrigin)).toEqual({ error: 'Requests from another origin are refused' })
  })

  it('refuses a missing or wrong token with 401', async () => {
    for (const authorization of [
      '',
      'Bearer nope',
      `Basic ${bridge.token}`,
      `Bearer ${bridge.token}x`
    ]) {
      const response = await api('/api/rpc/echo.say', {
        body: sayBody,
        headers: { Authorization: authorization }
      })
      expect(response.status).toBe(401)
      expect(jsonOf(response)).toEqual({ error: 'Missing or wrong token' })
    }
  })

  it('answers GET (and any other method) on an API path with 405 and Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await api('/api/rpc/echo.say', { method })
      expect(response.status).toBe(405)
      expect(response.headers.allow).toBe('POST')
      expect(jsonOf(response)).toEqual({ error: 'Only POST is accepted' })
    }
  })

  it('answers malformed JSON with 400', async () => {
    for (const body of ['{"requestId": "r4", ', '', 'null garbage', '\u0000']) {
      const response = await api('/api/rpc/echo.say', { body })
      expect(response.status).toBe(400)
      expect(jsonOf(response)).toEqual({ error: 'Malformed request: the body is not JSON' })
    }
    const cancel = await api('/api/cancel', { body: '{"requestId": 7}' })
    expect(cancel.status).toBe(400)
    expect(jsonOf(cancel)).toEqual({ error: 'Malformed request: expected {"requestId": "…"}' })
  })

  it('answers a 20 MB body with 413, not a reset connection, and keeps serving', async () => {
    const huge = JSON.stringify({ requestId: 'r5', payload: 'x'.repeat(20 * 1024 * 1024) })
    // As a browser sends it (fetch, with Content-Length) ...
    const viaFetch = await fetch(`http://127.0.0.1:${bridge.port}/api/rpc/echo.say`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'application/json' },
      body: huge
    })
    expect(viaFetch.status).toBe(413)
    expect(await viaFetch.json()).toEqual({ error: 'The request body is larger than 16 MB' })
    // ... and streamed in chunks with no Content-Length.
    const chunked = await rawRequest({
      port: bridge.port,
      method: 'POST',
      path: '/api/rpc/echo.say',
      headers: { Host: host(), Authorization: `Bearer ${bridge.token}` },
      body: huge,
      chunkBytes: 1024 * 1024
    })
    expect(chunked.status).toBe(413)
    expect(JSON.parse(chunked.body)).toEqual({ error: 'The request body is larger than 16 MB' })
    expect((await api('/api/rpc/echo.say', { body: sayBody })).status).toBe(200)
  })

  it('answers unknown API paths with 404', async () => {
    for (const [path, error] of [
      ['/api/nope', 'Not found'],
      ['/api', 'Not found'],
      ['/api/rpc/', 'Unknown method '],
      ['/api/rpc/echo.nope', 'Unknown method echo.nope'],
      ['/api/rpc/nope.say', 'Unknown method nope.say'],
      ['/api/rpc/echo.constructor', 'Unknown method echo.constructor'],
      ['/api/rpc/__proto__.say', 'Unknown method __proto__.say']
    ] as const) {
      const response = await api(path, { body: sayBody })
      expect(response.status, path).toBe(404)
      expect(jsonOf(response), path).toEqual({ error })
    }
  })

  it('answers a failing route with 500 and no internal details', async () => {
    const before = logLines.length
    const response = await api('/api/rpc/echo.explode', {
      body: JSON.stringify({ requestId: 'r6', payload: encodeWire({}) })
    })
    expect(response.status).toBe(500)
    expect(jsonOf(response)).toEqual({ error: 'Internal error' })
    expect(response.body).not.toContain('alice')
    // The log says what happened, for whoever runs the server.
    const logged = logLines.slice(before).join('\n')
    expect(logged).toMatch(/^journey web: POST \/api\/rpc\/echo\.explode failed: Error: lost /)
    expect(logged).toContain('connections.json for [token]')
  })

  it('answers requests for static files with any method but GET and HEAD with 405', async () => {
    for (const [method, path] of [
      ['POST', '/'],
      ['PUT', '/index.html'],
      ['DELETE', '/assets/app-B3x_9a.js'],
      ['PATCH', '/flows']
    ] as const) {
      const response = await rawRequest({
        port: bridge.port,
        method,
        path,
        headers: { Host: host() }
      })
      expect(response.status, `${method} ${path}`).toBe(405)
      expect(response.headers.allow).toBe('GET, HEAD')
      expect(jsonOf(response)).toEqual({ error: 'Method not allowed' })
    }
  })
})

describe('web bridge: static files', () => {
  const get = (path: string, method = 'GET') =>
    rawRequest({ port: bridge.port, method, path, headers: { Host: host() } })

  it('serves the renderer with security headers, the app page for its own paths', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(page.body).toBe(INDEX_HTML)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect((await get('/flows')).body).toBe(INDEX_HTML)
    expect((await get('/?x=1#y')).body).toBe(INDEX_HTML)
    const script = await get('/assets/app-B3x_9a.js')
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(script.body).toBe(APP_JS)
    const head = await get('/', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('answers a missing file with 404, not the app page', async () => {
    const missing = await get('/assets/missing.js')
    expect(missing.status).toBe(404)
    expect(jsonOf(missing)).toEqual({ error: 'Not found' })
  })

  // Every way a path can try to leave the renderer folder, sent raw (no client normalisation).
  const traversals: [string, string][] = [
    ['/../secret.txt', '. and .. are not allowed in paths'],
    ['/assets/../../secret.txt', '. and .. are not allowed in paths'],
    ['/..%2fsecret.txt', '. and .. are not allowed in paths'],
    ['/%2e%2e/secret.txt', '. and .. are not allowed in paths'],
    ['/%2E%2E%2Fsecret.txt', '. and .. are not allowed in paths'],
    ['/.%2e/secret.txt', '. and .. are not allowed in paths'],
    ['/%2e./secret.txt', '. and .. are not allowed in paths'],
    ['/./index.html', '. and .. are not allowed in paths'],
    ['/%252e%252e/secret.txt', 'the path has characters no file here has'],
    ['/%252e%252e%252fsecret.txt', 'the path has characters no file here has'],
    ['/..\\secret.txt', 'the path has characters no file here has'],
    ['/..%5csecret.txt', 'the path has characters no file here has'],
    ['/%5c..%5c..%5csecret.txt', 'the path has characters no file here has'],
    ['/index.html%00.js', 'the path has characters no file here has'],
    ['/%00', 'the path has characters no file here has'],
    ['//etc/passwd', 'empty path segments are not allowed'],
    ['/%2fetc%2fpasswd', 'empty path segments are not allowed'],
    ['/C:%5cWindows%5cwin.ini', 'the path has characters no file here has'],
    ['/%c0%ae%c0%ae/secret.txt', 'the path is not valid percent-encoded UTF-8'],
    ['/%c0%af..%c0%afsecret.txt', 'the path is not valid percent-encoded UTF-8'],
    ['/%e0%80%ae%e0%80%ae/secret.txt', 'the path is not valid percent-encoded UTF-8'],
    ['/%%32%65%%32%65/secret.txt', 'the path is not valid percent-encoded UTF-8'],
    ['/%2', 'the path is not valid percent-encoded UTF-8'],
    [`http://127.0.0.1/../secret.txt`, 'the path must start with /'],
    ['*', 'the path must start with /']
  ]

  it.each(traversals)('refuses %s with 400', async (path, reason) => {
    const response = await get(path)
    expect(response.status).toBe(400)
    expect(jsonOf(response)).toEqual({ error: `Bad request path: ${reason}` })
    expect(response.body).not.toContain(SECRET)
  })

  it('treats an absolute file system path as a path inside the renderer folder (404)', async () => {
    const absolute = await get(join(home, 'secret.txt'))
    expect(absolute.status).toBe(404)
    expect(jsonOf(absolute)).toEqual({ error: 'Not found' })
    expect(absolute.body).not.toContain(SECRET)
  })
})

describe('web bridge: the log', () => {
  it('never writes the token, even when a request carries it where it does not belong', async () => {
    await api(`/api/rpc/echo.explode?token=${bridge.token}`, {
      body: JSON.stringify({ requestId: 'r7', payload: encodeWire({}) })
    })
    await api(`/api/nope/${bridge.token}`, { body: sayBody })
    await rawRequest({ port: bridge.port, path: `/${bridge.token}.js`, headers: { Host: host() } })
    expect(logLines.length).toBeGreaterThanOrEqual(2)
    for (const line of logLines) expect(line).not.toContain(bridge.token)
  })
})

describe('web bridge: services loaded apart', () => {
  function echoRouter(): RpcRouter {
    const router = new RpcRouter(
      { echo: echoContract },
      {
        echo: {
          say: ({ text }) => Promise.resolve({ said: text, at: new Date('2025-09-13T12:00:00Z') }),
          slow: () => Promise.resolve({ done: true as const }),
          explode: () => Promise.reject(new Error('never seen'))
        }
      }
    )
    return router as unknown as RpcRouter
  }
  const getFrom = (port: number, path = '/') =>
    rawRequest({ port, path, headers: { Host: `127.0.0.1:${port}` } })
  const sayTo = (started: WebBridge, requestId = 'early-1') =>
    rawRequest({
      port: started.port,
      method: 'POST',
      path: '/api/rpc/echo.say',
      headers: {
        Host: `127.0.0.1:${started.port}`,
        Authorization: `Bearer ${started.token}`,
        'Content-Type': 'application/json'
      },
      body: JSON.stringify({ requestId, payload: encodeWire({ text: 'hi' }) })
    })

  it('serves the page without them; a call loads them once and waits for them', async () => {
    let loads = 0
    let provide: (backend: { router: RpcRouter }) => void = () => undefined
    const early = await startWebBridge({
      backend: () => {
        loads += 1
        return new Promise((resolve) => {
          provide = resolve
        })
      },
      rendererDir,
      port: 0,
      log: () => undefined
    })
    try {
      expect(loads).toBe(0)
      let answered = false
      const calls = [sayTo(early, 'early-1'), sayTo(early, 'early-2')].map((call) =>
        call.then((response) => {
          answered = true
          return response
        })
      )
      // The page is served while the calls wait: nothing answers them before the services load.
      expect((await getFrom(early.port)).body).toBe(INDEX_HTML)
      expect(answered).toBe(false)
      expect(loads).toBe(1)
      provide({ router: echoRouter() })
      for (const response of await Promise.all(calls)) {
        expect(response.status).toBe(200)
        const { response: reply } = JSON.parse(response.body) as {
          response: { ok: true; result: string }
        }
        expect(decodeWire(reply.result)).toEqual({
          said: 'hi',
          at: new Date('2025-09-13T12:00:00Z')
        })
      }
      expect(loads).toBe(1)
    } finally {
      await early.close()
    }
  })

  it('serving the page files alone loads nothing', async () => {
    let loads = 0
    const early = await startWebBridge({
      backend: () => {
        loads += 1
        return Promise.resolve({ router: echoRouter() })
      },
      rendererDir,
      port: 0,
      log: () => undefined
    })
    try {
      await getFrom(early.port, '/')
      await getFrom(early.port, '/assets/app-B3x_9a.js')
      expect(loads).toBe(0)
      expect((await sayTo(early)).status).toBe(200)
      expect(loads).toBe(1)
    } finally {
      await early.close()
    }
  })

  it('answers calls with 500 when they failed to load, and still serves the page', async () => {
    const lines: string[] = []
    const failed = await startWebBridge({
      backend: () => Promise.reject(new Error('cannot load the driver')),
      rendererDir,
      port: 0,
      log: (line) => lines.push(line)
    })
    try {
      const response = await sayTo(failed)
      expect(response.status).toBe(500)
      expect(JSON.parse(response.body)).toEqual({ error: 'Internal error' })
      expect(lines.join('\n')).toContain('cannot load the driver')
      expect((await getFrom(failed.port)).body).toBe(INDEX_HTML)
    } finally {
      await failed.close()
    }
  })
})

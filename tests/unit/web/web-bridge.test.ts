import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '../../../src/shared/errors'
import { defineService, method } from '../../../src/shared/rpc/contract'
import { decodeWire, encodeWire } from '../../../src/shared/rpc/wire'
import { RpcRouter } from '../../../src/main/rpc/router'
import { startWebBridge, type WebBridge } from '../../../src/main/web/web-bridge'

const echoContract = defineService('echo', {
  say: method<{ said: string; at: Date }>()(z.object({ text: z.string() }), 'Echoes the text.'),
  slow: method<{ done: true }>()(z.object({}), 'Reports progress, then waits until cancelled.')
})

let bridge: WebBridge
let rendererDir: string
let slowCancelled: () => void
const slowWasCancelled = new Promise<void>((resolve) => {
  slowCancelled = resolve
})

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'jw-renderer-'))
  await writeFile(join(rendererDir, 'index.html'), '<title>Journey Workbench</title>')
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
          })
      }
    }
  )
  bridge = await startWebBridge({ router: router as unknown as RpcRouter, rendererDir, port: 0 })
})

afterAll(async () => {
  await bridge.close()
  await rm(rendererDir, { recursive: true, force: true })
})

function call(channel: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${bridge.port}/api/rpc/${channel}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${bridge.token}`,
      'Content-Type': 'application/json',
      ...headers
    },
    body: JSON.stringify(body)
  })
}

describe('web bridge', () => {
  it('binds to loopback and hands the token over in the URL fragment', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/#token=${bridge.token}`)
    expect(bridge.token.length).toBeGreaterThanOrEqual(32)
  })

  it('answers a call with the token as NDJSON carrying Extended JSON', async () => {
    const response = await call('echo.say', {
      requestId: 'a1',
      payload: encodeWire({ text: 'hi' })
    })
    expect(response.status).toBe(200)
    const lines = (await response.text()).trim().split('\n')
    const last = JSON.parse(lines.at(-1) ?? '') as { response: { ok: true; result: string } }
    const result = decodeWire(last.response.result) as { said: string; at: Date }
    expect(result.said).toBe('hi')
    expect(result.at).toBeInstanceOf(Date)
  })

  it('refuses calls without the token, from another origin, or to unknown methods', async () => {
    const body = { requestId: 'a2', payload: encodeWire({ text: 'x' }) }
    expect((await call('echo.say', body, { Authorization: '' })).status).toBe(401)
    expect((await call('echo.say', body, { Origin: 'http://evil.example' })).status).toBe(403)
    expect((await call('echo.nope', body)).status).toBe(404)
  })

  it('streams progress and cancels the call when the client goes away', async () => {
    const controller = new AbortController()
    const response = await fetch(`http://127.0.0.1:${bridge.port}/api/rpc/echo.slow`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bridge.token}` },
      body: JSON.stringify({ requestId: 'a3', payload: encodeWire({}) }),
      signal: controller.signal
    })
    const reader = response.body?.getReader()
    const first = (await reader?.read()) as { value?: Uint8Array } | undefined
    const line = new TextDecoder().decode(first?.value)
    expect(JSON.parse(line.trim())).toEqual({ progress: { phase: 'scan', done: 10, total: 100 } })
    controller.abort()
    await slowWasCancelled
  })

  it('serves the renderer with security headers, and never a file outside it', async () => {
    const page = await fetch(`http://127.0.0.1:${bridge.port}/`)
    expect(await page.text()).toContain('Journey Workbench')
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    const escape = await fetch(`http://127.0.0.1:${bridge.port}/..%2f..%2f..%2fetc%2fpasswd`)
    expect(await escape.text()).not.toContain('root:')
  })
})

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportContract } from '../../../src/shared/contracts/export-contract'
import type { DownloadTicket, ExportResult } from '../../../src/shared/export/export-results'
import type { ErrorEnvelope } from '../../../src/shared/errors'
import { decodeWire, encodeWire, type RpcResponse } from '../../../src/shared/rpc/wire'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { RpcRouter } from '../../../src/main/rpc/router'
import { DownloadRegistry } from '../../../src/main/services/export/download-registry'
import { ExportService, type ExportJob } from '../../../src/main/services/export/export-service'
import { JourneysService } from '../../../src/main/services/journeys/journeys-service'
import { startWebBridge, type WebBridge } from '../../../src/main/web/web-bridge'
import { parseCsv } from '../../helpers/parse-csv'

/*
 * Web-mode downloads through the real bridge and export service (over a generated folder): a
 * token-checked call makes a one-time link, a plain GET (as a browser's download) streams the CSV,
 * the link works once and not after it expires, and cancelling the watching call stops the download.
 */

const TTL_MS = 1500
let home: string
let folder: string
let bigFolder: string
let bridge: WebBridge
let journeys: JourneysService
let exports: ExportService
let requestNumber = 0

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-web-download-'))
  folder = join(home, 'shop')
  bigFolder = join(home, 'big')
  await Promise.all([
    generateDemoFolder({ outDir: folder, users: 40, seed: 5 }),
    generateDemoFolder({ outDir: bigFolder, users: 1500, seed: 6 })
  ])
  await writeFile(join(home, 'index.html'), '<title>Journey Workbench</title>')
  journeys = new JourneysService({ demoFolder: folder })
  exports = new ExportService({ journeys, downloads: new DownloadRegistry<ExportJob>(TTL_MS) })
  const router = new RpcRouter({ export: exportContract }, { export: exports })
  bridge = await startWebBridge({
    backend: { router: router as unknown as RpcRouter, downloads: exports },
    rendererDir: home,
    port: 0
  })
}, 120_000)

afterAll(async () => {
  await bridge.close()
  await journeys.close()
  await rm(home, { recursive: true, force: true })
})

const base = () => `http://127.0.0.1:${bridge.port}`

/** One RPC call through the bridge; the last NDJSON line is the response. */
async function rpc<T>(method: string, input: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(`${base()}/api/rpc/export.${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bridge.token}` },
    body: JSON.stringify({ requestId: `r${++requestNumber}`, payload: encodeWire(input) }),
    signal: signal ?? null
  })
  const lines = (await response.text()).trim().split('\n')
  const reply = (JSON.parse(lines.at(-1) ?? '{}') as { response: RpcResponse }).response
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error)
  return decodeWire(reply.result) as T
}

/** Events of a larger folder: several megabytes, more than the sockets between hold. */
const manyEvents = () => ({
  request: { kind: 'collection', source: { kind: 'folder', path: bigFolder }, collection: 'events' }
})
const CUSTOMER = {
  request: { kind: 'caseFileEvents', source: { kind: 'demo' }, userId: 'u000003' },
  fileName: 'Kundin Ü.csv'
}

describe('web-mode downloads', () => {
  it('a one-time link streams the CSV as an attachment, once', async () => {
    const ticket = await rpc<DownloadTicket>('createDownload', CUSTOMER)
    expect(ticket.url).toBe(`/api/download/${ticket.downloadId}`)
    expect(ticket.downloadId).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(ticket.expiresAt.getTime()).toBeGreaterThan(Date.now())
    const watching = rpc<ExportResult>('watchDownload', { downloadId: ticket.downloadId })

    const response = await fetch(`${base()}${ticket.url}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Kundin _.csv"; filename*=UTF-8''Kundin%20%C3%9C.csv`
    )
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await response.text()

    const path = join(home, 'same.csv')
    await exports.exportToFile(
      {
        request: { kind: 'caseFileEvents', source: { kind: 'demo' }, userId: 'u000003' },
        options: { bom: false, formulaGuard: true }
      },
      path,
      { signal: new AbortController().signal, reportProgress: () => undefined }
    )
    expect(body).toBe(await readFile(path, 'utf8'))
    const result = await watching
    expect(result.rowsWritten).toBe(parseCsv(body).length - 1)
    expect(result.fileName).toBe('Kundin Ü.csv')
    expect(result.path).toBeUndefined()

    const again = await fetch(`${base()}${ticket.url}`)
    expect(again.status).toBe(404)
    expect(await again.text()).toMatch(/already used or has expired/)
  })

  it('needs the token to make a link, and our own page (or none) to use it', async () => {
    const refused = await fetch(`${base()}/api/rpc/export.createDownload`, {
      method: 'POST',
      body: JSON.stringify({ requestId: 'no-token', payload: encodeWire(CUSTOMER) })
    })
    expect(refused.status).toBe(401)
    const ticket = await rpc<DownloadTicket>('createDownload', CUSTOMER)
    const crossSite = await fetch(`${base()}${ticket.url}`, {
      headers: { Origin: 'http://evil.example' }
    })
    expect(crossSite.status).toBe(403)
    const post = await fetch(`${base()}${ticket.url}`, { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET')
    // Refused requests do not use the link up.
    expect((await fetch(`${base()}${ticket.url}`)).status).toBe(200)
  })

  it('a link not opened in time expires, and its watcher hears so', async () => {
    const ticket = await rpc<DownloadTicket>('createDownload', CUSTOMER)
    const watching = rpc<ExportResult>('watchDownload', { downloadId: ticket.downloadId }).catch(
      (error: unknown) => error as ErrorEnvelope
    )
    expect(await watching).toMatchObject({ code: 'TIMEOUT' })
    expect((await fetch(`${base()}${ticket.url}`)).status).toBe(404)
  })

  it('an export that cannot start answers with its error, not a file', async () => {
    const ticket = await rpc<DownloadTicket>('createDownload', {
      request: { kind: 'caseFileEvents', source: { kind: 'demo' }, userId: 'nobody' }
    })
    const watching = rpc<ExportResult>('watchDownload', { downloadId: ticket.downloadId }).catch(
      (error: unknown) => error as ErrorEnvelope
    )
    const response = await fetch(`${base()}${ticket.url}`)
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('No customer has the id "nobody".')
    expect(await watching).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('cancelling the watching call stops the download, and the browser sees it fail', async () => {
    const ticket = await rpc<DownloadTicket>('createDownload', manyEvents())
    const cancel = new AbortController()
    const watching = rpc<ExportResult>(
      'watchDownload',
      { downloadId: ticket.downloadId },
      cancel.signal
    ).catch((error: unknown) => error)
    const response = await fetch(`${base()}${ticket.url}`)
    expect(response.status).toBe(200)
    const reader = response.body?.getReader()
    await reader?.read()
    // The fetch of the watcher going away cancels its call, which stops the export.
    cancel.abort()
    await watching
    let failed = false
    try {
      for (;;) {
        const { done } = (await reader?.read()) ?? { done: true }
        if (done) break
      }
    } catch {
      failed = true
    }
    expect(failed).toBe(true)
  })

  it('watching an unknown download is NOT_FOUND', async () => {
    await expect(rpc('watchDownload', { downloadId: 'x'.repeat(32) })).rejects.toMatchObject({
      code: 'NOT_FOUND'
    })
  })
})

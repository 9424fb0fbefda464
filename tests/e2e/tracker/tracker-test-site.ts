import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TrackerEvent } from '../../../src/shared/collector/tracker-events'
import { ensureTrackerBuilt } from '../support/built-tracker'

export interface ReceivedBatch {
  /** `beacon` for navigator.sendBeacon (Sec-Fetch-Mode: no-cors), `fetch` otherwise. */
  via: 'fetch' | 'beacon'
  status: number
  /** The page's clock when it sent the batch. */
  sentAt: number
  events: TrackerEvent[]
}

/**
 * A site for the tracker's browser tests, on a free port: `/…` serves a small page with the built
 * tracker's tag, `POST /v1/collect` records each batch and answers as `respondWith` says (200 with
 * counts unless told otherwise). Pages and the collector share one origin.
 */
export class TrackerTestSite {
  readonly batches: ReceivedBatch[] = []
  /** data-* attributes of the tag, beyond site key and endpoint. */
  tagAttributes: Record<string, string> = {}
  /** Inline script placed before the tag (e.g. the README's queueing snippet). */
  headScript = ''
  /** The status (and Retry-After) the collector answers with. */
  respondWith: { status: number; retryAfterSeconds?: number } = { status: 200 }
  private server: Server | undefined
  private tracker = ''
  private listeners: (() => void)[] = []

  get origin(): string {
    const address = this.server?.address() as AddressInfo | undefined
    if (!address) throw new Error('TrackerTestSite is not started')
    return `http://127.0.0.1:${address.port}`
  }

  /** Every event of the batches answered 200, in arrival order. */
  acknowledgedEvents(): TrackerEvent[] {
    return this.batches.filter((b) => b.status === 200).flatMap((b) => b.events)
  }

  /** Every event received, whatever the answer. */
  receivedEvents(): TrackerEvent[] {
    return this.batches.flatMap((b) => b.events)
  }

  /** Resolves once a received batch satisfies `test` (checked on every arrival). */
  waitForBatch(
    test: (batch: ReceivedBatch) => boolean,
    timeoutMs = 10_000
  ): Promise<ReceivedBatch> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.batches.find(test)
        if (found) resolve(found)
        return Boolean(found)
      }
      if (check()) return
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener)
        reject(
          new Error(`no matching batch within ${timeoutMs} ms; got ${JSON.stringify(this.batches)}`)
        )
      }, timeoutMs)
      const listener = (): void => {
        if (check()) {
          clearTimeout(timer)
          this.listeners = this.listeners.filter((l) => l !== listener)
        }
      }
      this.listeners.push(listener)
    })
  }

  async start(): Promise<void> {
    this.tracker = await readFile(ensureTrackerBuilt(), 'utf8')
    this.server = createServer((request, response) => {
      void this.handle(request, response)
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve()
      })
    })
  }

  /** A page of the site. */
  url(path: string): string {
    return `${this.origin}${path}`
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', this.origin).pathname
    if (request.method === 'POST' && path === '/v1/collect') {
      const chunks: Buffer[] = []
      for await (const chunk of request) chunks.push(chunk as Buffer)
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        sentAt: number
        events: TrackerEvent[]
      }
      const { status, retryAfterSeconds } = this.respondWith
      this.batches.push({
        via: request.headers['sec-fetch-mode'] === 'no-cors' ? 'beacon' : 'fetch',
        status,
        sentAt: body.sentAt,
        events: body.events
      })
      for (const listener of [...this.listeners]) listener()
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds)
      response.writeHead(status, headers)
      const n = body.events.length
      response.end(
        JSON.stringify(
          status === 200
            ? { received: n, stored: n, duplicates: 0, rejected: 0, errors: [] }
            : { error: 'test site says no' }
        )
      )
      return
    }
    if (path === '/journey-tracker.js') {
      response.writeHead(200, { 'content-type': 'application/javascript' })
      response.end(this.tracker)
      return
    }
    if (path === '/favicon.ico') {
      response.writeHead(404).end()
      return
    }
    const attributes = Object.entries({
      'site-key': 'shop',
      endpoint: this.origin,
      ...this.tagAttributes
    })
      .map(([name, value]) => ` data-${name}="${value}"`)
      .join('')
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(
      `<!doctype html><html><head><meta charset="utf-8"><title>Page ${path}</title>` +
        (this.headScript ? `<script>${this.headScript}</script>` : '') +
        `<script src="/journey-tracker.js"${attributes}></script></head>` +
        `<body><h1>${path}</h1><a href="/next">next</a></body></html>`
    )
  }
}

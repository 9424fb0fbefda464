import type { ServerResponse } from 'node:http'
import { WEB_SECURITY_HEADERS } from '../security'

/** A JSON answer with the bridge's security headers; `extraHeaders` for `Allow` and the like. */
export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  extraHeaders: Record<string, string> = {}
): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...WEB_SECURITY_HEADERS,
    ...extraHeaders
  })
  response.end(JSON.stringify(value))
}

import type { ServerResponse } from 'node:http'
import type { Writable } from 'node:stream'
import { toErrorEnvelope } from '../errors/to-app-error'
import { WEB_SECURITY_HEADERS } from '../security'

/** What serves a download link: the export service (`ExportService.serveDownload`). */
export interface DownloadServer {
  serveDownload(downloadId: string, sink: { begin(fileName: string): Writable }): Promise<boolean>
}

const DOWNLOAD_ID = /^[A-Za-z0-9_-]{16,100}$/

/**
 * `GET /api/download/<id>`: streams the export of a one-time link as an attachment. Headers are
 * sent only once the export has opened its rows, so a failure before that (an unknown customer, a
 * refused connection) is an error status with its message; a failure after that destroys the
 * connection, and the browser marks the download failed instead of keeping a cut file.
 */
export async function serveDownload(
  server: DownloadServer,
  downloadId: string,
  response: ServerResponse
): Promise<void> {
  if (!DOWNLOAD_ID.test(downloadId)) {
    sendText(response, 404, 'No such download.')
    return
  }
  let begun = false as boolean
  try {
    const served = await server.serveDownload(downloadId, {
      begin(fileName) {
        begun = true
        response.writeHead(200, {
          ...WEB_SECURITY_HEADERS,
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': contentDisposition(fileName),
          'Cache-Control': 'no-store'
        })
        return response
      }
    })
    if (!served) {
      sendText(
        response,
        404,
        'This download link was already used or has expired. Export again from the app.'
      )
    }
  } catch (error) {
    if (begun || response.headersSent) {
      response.destroy()
      return
    }
    const envelope = toErrorEnvelope(error)
    const status = envelope.code === 'NOT_FOUND' ? 404 : envelope.code === 'CANCELLED' ? 499 : 500
    sendText(response, status, envelope.message)
  }
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const exact = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`
}

function sendText(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) {
    response.end()
    return
  }
  response.writeHead(status, {
    ...WEB_SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store'
  })
  response.end(text)
}

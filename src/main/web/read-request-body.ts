import type { IncomingMessage } from 'node:http'

/** The largest API request body the bridge reads (a call's payload is capped at 16 MB too). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024

/** How much of a too-large body is read and thrown away so the client can read the 413. */
const MAX_DISCARDED_BYTES = 256 * 1024 * 1024

export type RequestBody =
  | { kind: 'text'; text: string }
  /** Larger than the limit; the rest was read and discarded, so a 413 can still be answered. */
  | { kind: 'too-large' }
  /** The client went away, or sent far too much to wait for: there is nobody to answer. */
  | { kind: 'gone' }

/**
 * Reads a request body up to `limit` bytes. A larger body (by its Content-Length, or as it streams)
 * is not kept: it is read to the end and dropped, so the client, still sending, gets its 413
 * instead of a reset connection.
 */
export function readRequestBody(
  request: IncomingMessage,
  limit = MAX_BODY_BYTES
): Promise<RequestBody> {
  return new Promise((resolve) => {
    const declared = Number(request.headers['content-length'] ?? Number.NaN)
    let tooLarge = Number.isFinite(declared) && declared > limit
    const chunks: Buffer[] = []
    let size = 0
    const finish = (body: RequestBody): void => {
      request.removeAllListeners('data')
      resolve(body)
    }
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (!tooLarge && size > limit) {
        tooLarge = true
        chunks.length = 0
      }
      if (!tooLarge) chunks.push(chunk)
      else if (size > MAX_DISCARDED_BYTES) {
        finish({ kind: 'gone' })
        request.destroy()
      }
    })
    request.on('end', () => {
      finish(
        tooLarge
          ? { kind: 'too-large' }
          : { kind: 'text', text: Buffer.concat(chunks).toString('utf8') }
      )
    })
    request.on('error', () => {
      finish({ kind: 'gone' })
    })
    request.on('close', () => {
      if (!request.complete) finish({ kind: 'gone' })
    })
  })
}

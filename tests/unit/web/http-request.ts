import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export interface RawRequest {
  port: number
  method?: string
  /** Sent exactly as given: no normalisation of `..`, no re-encoding (fetch would do both). */
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** Send the body in chunks of this size without a Content-Length (chunked encoding). */
  chunkBytes?: number
}

/** One HTTP/1.1 request on its own connection, as a hostile client would write it. */
export function rawRequest(options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) }
    if (options.body !== undefined && options.chunkBytes === undefined) {
      headers['Content-Length'] = String(Buffer.byteLength(options.body))
    }
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        agent: false,
        setHost: !Object.keys(headers).some((name) => name.toLowerCase() === 'host')
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8')
          })
        })
        response.on('error', reject)
      }
    )
    request.on('error', reject)
    const body = options.body === undefined ? undefined : Buffer.from(options.body)
    if (body !== undefined && options.chunkBytes !== undefined) {
      for (let start = 0; start < body.length; start += options.chunkBytes) {
        request.write(body.subarray(start, start + options.chunkBytes))
      }
      request.end()
    } else {
      request.end(body)
    }
  })
}

import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { WEB_SECURITY_HEADERS } from '../security'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2'
}

/** Serves the built renderer; unknown paths get index.html (one page app), never a file outside. */
export async function serveStatic(rootDir: string, urlPath: string, response: ServerResponse) {
  const decoded = safeDecode(urlPath)
  const relative = normalize(decoded ?? '/').replace(/^([/\\])+/, '')
  const candidate = join(rootDir, relative)
  const inside = candidate === rootDir || candidate.startsWith(rootDir + sep)
  const file =
    decoded !== null && inside && (await isFile(candidate))
      ? candidate
      : join(rootDir, 'index.html')
  if (!(await isFile(file))) {
    response.writeHead(503, {
      'Content-Type': 'text/plain; charset=utf-8',
      ...WEB_SECURITY_HEADERS
    })
    response.end('The renderer is not built. Run `npm run build` first.')
    return
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
    ...WEB_SECURITY_HEADERS
  })
  createReadStream(file).pipe(response)
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

function safeDecode(path: string): string | null {
  try {
    return decodeURIComponent(path)
  } catch {
    return null
  }
}

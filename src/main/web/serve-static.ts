import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join } from 'node:path'
import { WEB_SECURITY_HEADERS } from '../security'
import { sendJson } from './send-json'
import { resolveStaticPath } from './resolve-static-path'

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

/**
 * Serves the built renderer: a file that exists under `rootDir`, index.html for the app's own
 * paths, 404 for a missing file, 400 for a path that tries to leave the folder (never a file outside).
 */
export async function serveStatic(
  rootDir: string,
  rawTarget: string,
  response: ServerResponse,
  headOnly = false
): Promise<void> {
  const target = resolveStaticPath(rootDir, rawTarget)
  if (target.kind === 'bad') {
    sendJson(response, 400, { error: `Bad request path: ${target.reason}` })
    return
  }
  const file = target.kind === 'file' ? target.path : join(rootDir, 'index.html')
  if (!(await isFile(file))) {
    if (target.kind === 'file') {
      sendJson(response, 404, { error: 'Not found' })
      return
    }
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
  if (headOnly) {
    response.end()
    return
  }
  createReadStream(file).pipe(response)
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

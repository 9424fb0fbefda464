import { extname, join, sep } from 'node:path'

/** What a static request asks for: a file under the root, the app's page, or nothing sensible. */
export type StaticTarget =
  /** A file name (with an extension) under the root: 404 when it is not there. */
  | { kind: 'file'; path: string }
  /** `/` or a path without a file extension: the one-page app answers it with index.html. */
  | { kind: 'app' }
  | { kind: 'bad'; reason: string }

/** What the built renderer's file names are made of (vite: `index-B3x_9a.js`). */
const SEGMENT = /^[A-Za-z0-9._@~+-]+$/

/**
 * Maps a raw request target (`/assets/index-abc.js?v=1`) to a file under `rootDir`, refusing
 * anything that could leave it: encodings that do not decode once to UTF-8 (overlong forms, a stray
 * `%`), a second level of encoding (`%252e`), `.` and `..` segments, backslashes, NUL bytes, empty
 * segments (`//etc/passwd`) and characters no built file has. Pure: it reads no file.
 */
export function resolveStaticPath(rootDir: string, rawTarget: string): StaticTarget {
  const rawPath = rawTarget.split(/[?#]/, 1)[0] ?? ''
  if (!rawPath.startsWith('/')) return bad('the path must start with /')
  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    return bad('the path is not valid percent-encoded UTF-8')
  }
  if (decoded === '/') return { kind: 'app' }
  const segments = decoded.slice(1).split('/')
  for (const segment of segments) {
    if (segment === '') return bad('empty path segments are not allowed')
    if (segment === '.' || segment === '..') return bad('. and .. are not allowed in paths')
    if (!SEGMENT.test(segment)) return bad('the path has characters no file here has')
  }
  const path = join(rootDir, ...segments)
  if (!path.startsWith(rootDir + sep)) return bad('the path leaves the app')
  return extname(path) === '' ? { kind: 'app' } : { kind: 'file', path }
}

function bad(reason: string): StaticTarget {
  return { kind: 'bad', reason }
}

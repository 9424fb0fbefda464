import { ObjectId } from 'bson'

/** Epoch numbers below this are seconds, at or above it milliseconds (1e11 s is the year 5138). */
export const SECONDS_LIMIT = 1e11

/**
 * A timestamp as milliseconds since the epoch, from a BSON date, an ISO 8601 string, or epoch
 * milliseconds or seconds; null when the value is none of those.
 */
export function timestampMillis(value: unknown): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime()
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null
    return Math.abs(value) < SECONDS_LIMIT ? value * 1000 : value
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const millis = Date.parse(value)
    return Number.isNaN(millis) ? null : millis
  }
  return null
}

/** An id (user, session, event) as text: ObjectIds as hex, strings and numbers as they are. */
export function idText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (value instanceof ObjectId) return value.toHexString()
  return null
}

/**
 * The page of a page URL: the path of an absolute URL, a path as it is; the fragment is dropped
 * always, the query string unless it is kept. Null when the value is not a URL or a path.
 */
export function pagePath(value: unknown, keepQueryString: boolean): string | null {
  if (typeof value !== 'string' || value.length === 0) return null
  let page = value
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(page)
  if (scheme) page = page.slice(scheme[0].length) || '/'
  else if (!page.startsWith('/')) return null
  const hash = page.indexOf('#')
  if (hash >= 0) page = page.slice(0, hash)
  if (!keepQueryString) {
    const query = page.indexOf('?')
    if (query >= 0) page = page.slice(0, query)
  }
  return page.startsWith('/') ? page : `/${page}`
}

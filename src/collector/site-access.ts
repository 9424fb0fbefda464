import type { RequestHandler } from 'express'
import { SITE_KEY_PARAM } from '../shared/collector/collect-protocol'
import type { SiteConfig } from './collector-config'

/** Set by `siteAccess` for the handlers after it. */
export interface SiteLocals {
  siteKey: string
}

/**
 * Lets a request through only with a known site key (`?site=`) and an `Origin` that site allows
 * (403 otherwise), and answers it with the CORS headers that let that page read the reply.
 */
export function siteAccess(sites: readonly SiteConfig[]): RequestHandler {
  const originsBySite = new Map(sites.map((site) => [site.key, new Set(site.origins)]))
  return (request, response, next) => {
    const key = request.query[SITE_KEY_PARAM]
    const allowed = typeof key === 'string' ? originsBySite.get(key) : undefined
    if (typeof key !== 'string' || !allowed) {
      response.status(403).json({
        error:
          typeof key === 'string'
            ? `Unknown site key "${key.slice(0, 64)}".`
            : `Name the site: ?${SITE_KEY_PARAM}=<site key>.`
      })
      return
    }
    const origin = request.get('origin')
    if (!origin) {
      response
        .status(403)
        .json({ error: "No Origin header: batches are accepted from the site's own pages only." })
      return
    }
    if (!allowed.has(origin)) {
      response
        .status(403)
        .json({ error: `Origin ${origin.slice(0, 200)} may not send events for site "${key}".` })
      return
    }
    response.vary('Origin')
    response.set({
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Expose-Headers': 'Retry-After, RateLimit, RateLimit-Policy'
    })
    ;(response.locals as SiteLocals).siteKey = key
    next()
  }
}

/** The answer to a CORS preflight that passed `siteAccess` (a tracker sending JSON, not text). */
export const answerPreflight: RequestHandler = (_request, response) => {
  response
    .set({
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '600'
    })
    .status(204)
    .end()
}

import type { RequestHandler } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import type { SiteLocals } from './site-access'

/**
 * At most `limit` requests per window from one client of one site (its address, IPv6 by /56 as
 * express-rate-limit recommends); more get 429 with `Retry-After`, which the tracker honours.
 */
export function clientRateLimit(options: { limit: number; windowMs: number }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (request, response) =>
      `${(response.locals as SiteLocals).siteKey}|${ipKeyGenerator(request.ip ?? 'unknown')}`,
    handler: (_request, response) => {
      response.status(429).json({
        error:
          `Too many requests: at most ${options.limit} per ${describeWindow(options.windowMs)} ` +
          'from one client. Send again after the Retry-After seconds.'
      })
    }
  })
}

function describeWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? 'hour' : `${ms / 3_600_000} hours`
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`
  return ms === 1000 ? 'second' : `${ms / 1000} seconds`
}

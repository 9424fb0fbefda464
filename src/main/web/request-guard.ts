import { timingSafeEqual } from 'node:crypto'

export interface GuardedRequest {
  method: string
  host: string | undefined
  origin: string | undefined
  authorization: string | undefined
  secFetchSite: string | undefined
}

export type GuardVerdict =
  { allowed: true } | { allowed: false; status: 401 | 403 | 405; reason: string }

/**
 * Decides whether an API request may reach the router: it must name our loopback host (no DNS
 * rebinding), come from our own origin when the browser says where it comes from, and carry the
 * per-launch token. Anything but POST is 405.
 */
export function checkApiRequest(
  request: GuardedRequest,
  port: number,
  token: string
): GuardVerdict {
  const sameSite = checkSameSite(request, port)
  if (!sameSite.allowed) return sameSite
  if (request.method !== 'POST') {
    return { allowed: false, status: 405, reason: 'Only POST is accepted' }
  }
  const presented = /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1]
  if (!presented || !sameSecret(presented, token)) {
    return { allowed: false, status: 401, reason: 'Missing or wrong token' }
  }
  return { allowed: true }
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * A download link (`GET /api/download/<id>`): the browser opens it without the token (a link cannot
 * carry a header), so the one-time id, made by a token-checked call, is the permission; the request
 * must still name our host and come from our own page (or from no page, as a typed address does).
 */
export function checkDownloadRequest(
  request: Omit<GuardedRequest, 'authorization'>,
  port: number
): GuardVerdict {
  const sameSite = checkSameSite(request, port)
  if (!sameSite.allowed) return sameSite
  if (request.method !== 'GET') {
    return { allowed: false, status: 405, reason: 'Only GET is accepted' }
  }
  return { allowed: true }
}

/** Our loopback host (no DNS rebinding), and our origin when the browser says where it comes from. */
function checkSameSite(
  request: Pick<GuardedRequest, 'host' | 'origin' | 'secFetchSite'>,
  port: number
): GuardVerdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
  if (!request.host || !allowedHosts.includes(request.host)) {
    return { allowed: false, status: 403, reason: 'Unknown host' }
  }
  if (request.origin !== undefined && !allowedHosts.some((h) => request.origin === `http://${h}`)) {
    return { allowed: false, status: 403, reason: 'Requests from another origin are refused' }
  }
  if (
    request.secFetchSite !== undefined &&
    !['same-origin', 'none'].includes(request.secFetchSite)
  ) {
    return { allowed: false, status: 403, reason: 'Cross-site requests are refused' }
  }
  return { allowed: true }
}

import { COLLECT_PATH } from '../../../src/shared/collector/collect-protocol'

export const TEST_SITE = 'shop'
export const TEST_ORIGIN = 'http://shop.test'
export const SAFARI_ON_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15'

export interface PostOptions {
  site?: string | null
  origin?: string | null
  userAgent?: string
  contentType?: string
  /** The raw body instead of `{ sentAt, events }`. */
  rawBody?: string
}

export interface PostResult {
  status: number
  headers: Headers
  body: Record<string, unknown>
}

/** Sends one batch to a collector as a shop page would (text/plain, with its Origin). */
export async function postBatch(
  collectorUrl: string,
  events: unknown[],
  options: PostOptions = {}
): Promise<PostResult> {
  const site = options.site === undefined ? TEST_SITE : options.site
  const origin = options.origin === undefined ? TEST_ORIGIN : options.origin
  const url = `${collectorUrl}${COLLECT_PATH}${site === null ? '' : `?site=${encodeURIComponent(site)}`}`
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'text/plain;charset=UTF-8',
    'user-agent': options.userAgent ?? SAFARI_ON_MAC
  }
  if (origin !== null) headers.origin = origin
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: options.rawBody ?? JSON.stringify({ sentAt: Date.now(), events })
  })
  const text = await response.text()
  let body: Record<string, unknown>
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = { text }
  }
  return { status: response.status, headers: response.headers, body }
}

import UAParser from 'ua-parser-js'

export interface DeviceInfo {
  browser?: string
  os?: string
}

/** ua-parser-js names that differ from the ones the seed data (and its readers) use. */
const BROWSER_NAMES: Readonly<Record<string, string>> = {
  'Mobile Safari': 'Safari',
  'Mobile Chrome': 'Chrome',
  'Mobile Firefox': 'Firefox',
  'Samsung Browser': 'Samsung Internet'
}
const OS_NAMES: Readonly<Record<string, string>> = { 'Mac OS': 'macOS', 'Chromium OS': 'ChromeOS' }

const MAX_USER_AGENT_LENGTH = 1024

/** Parsed user agents: a site's visitors use a few hundred distinct ones at most. */
const cache = new Map<string, DeviceInfo>()
const CACHE_SIZE = 500

/** `deviceInfo` of a session from the request's User-Agent; fields the parser cannot tell are left out. */
export function deviceInfoFromUserAgent(userAgent: string | undefined): DeviceInfo {
  if (!userAgent) return {}
  const known = cache.get(userAgent)
  if (known) return known
  const info = parseUserAgent(userAgent)
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value ?? '')
  cache.set(userAgent, info)
  return info
}

function parseUserAgent(userAgent: string): DeviceInfo {
  const parser = new UAParser(userAgent.slice(0, MAX_USER_AGENT_LENGTH))
  const browser = parser.getBrowser().name
  const os = parser.getOS().name
  const info: DeviceInfo = {}
  if (browser) info.browser = BROWSER_NAMES[browser] ?? browser
  if (os) info.os = OS_NAMES[os] ?? os
  return info
}

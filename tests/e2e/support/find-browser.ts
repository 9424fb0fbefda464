import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

/** Flags for Chromium on CI machines: no sandbox as root, no GPU, no traffic to Google services. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

const DEBIAN_CHROMIUM = '/usr/bin/chromium'

/**
 * The Chromium to test with: $CHROME_PATH, then Debian's chromium, then one that
 * `npx playwright install chromium` downloaded. Throws with what to do when there is none.
 */
export function findBrowser(): string {
  const fromEnv = process.env.CHROME_PATH
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv
    throw new Error(`CHROME_PATH is set to ${fromEnv}, but there is no file there.`)
  }
  const candidates = [DEBIAN_CHROMIUM, playwrightChromium()]
  const found = candidates.find((path): path is string => path !== undefined && existsSync(path))
  if (found) return found
  throw new Error(
    [
      'No Chromium for the end-to-end tests. Any one of these works:',
      '  - apt-get install -y chromium (Debian/Ubuntu, gives /usr/bin/chromium),',
      '  - set CHROME_PATH to a Chrome or Chromium executable,',
      '  - npx playwright install chromium (needs access to the Playwright CDN).'
    ].join('\n')
  )
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath()
  } catch {
    return undefined
  }
}

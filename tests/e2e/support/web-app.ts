import { expect } from '@playwright/test'
import { CHROMIUM_FLAGS, findBrowser } from './find-browser'
import { startWebMode, WEB_MODE_START_TIMEOUT_MS, type RunningWebMode } from './start-web-mode'
import { test as withTestServer } from './test-server-fixture'

export interface WebAppFixtures {
  /** The web mode's address with its token; one server per test file, with its own data folder. */
  appUrl: string
}

export interface WebAppWorkerFixtures {
  webModePerFile: WebModePerFile
}

/**
 * Playwright has no per-file fixtures. Files run one after another in a worker, so a new file's
 * first test stops the previous file's server and starts a fresh one.
 */
class WebModePerFile {
  private current: { file: string; app: RunningWebMode } | undefined

  async urlFor(file: string): Promise<string> {
    if (this.current?.file === file) return this.current.app.url
    await this.stop()
    const app = await startWebMode()
    this.current = { file, app }
    return app.url
  }

  async stop(): Promise<void> {
    const previous = this.current
    this.current = undefined
    await previous?.app.stop()
  }
}

/** The `test` for browser tests of the web mode: our Chromium, `appUrl` and `testServer`. */
export const test = withTestServer.extend<WebAppFixtures, WebAppWorkerFixtures>({
  launchOptions: [
    async ({}, use) => {
      await use({ executablePath: findBrowser(), args: CHROMIUM_FLAGS })
    },
    { scope: 'worker' }
  ],
  webModePerFile: [
    async ({}, use) => {
      const perFile = new WebModePerFile()
      try {
        await use(perFile)
      } finally {
        await perFile.stop()
      }
    },
    { scope: 'worker' }
  ],
  appUrl: [
    async ({ webModePerFile }, use, testInfo) => {
      await use(await webModePerFile.urlFor(testInfo.file))
    },
    { timeout: WEB_MODE_START_TIMEOUT_MS + 10_000 }
  ]
})

export { expect }

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { REPO_ROOT } from '../tests/e2e/support/repo-root'
import { spawnUntilReady } from '../tests/helpers/test-server/spawn-until-ready'
import { round } from './timing'

/** Demo customers opened from the search, by email (the support desk's path). */
const DEMO_EMAILS = [
  'maria.rossi1180@example.net',
  'maria.weber1229@mail.example',
  'mateo.kowalski963@inbox.example',
  'martin.fatima1440@example.com'
]

export interface CaseFileRun {
  email: string
  /** From Enter in the search box to the case file's name, totals and laid-out journey graph. */
  ms: number
}

/**
 * "Case file from search" in web mode on the demo workspace: the search answers as the email is
 * typed, then Enter is timed until the case file is on screen with its journey graph laid out. The
 * demo is loaded (and the screen's code fetched) by a first, untimed customer.
 */
export async function measureCaseFileFromSearch(browser: Browser): Promise<CaseFileRun[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'journey-bench-casefile-'))
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  try {
    const server = await spawnUntilReady({
      command: process.execPath,
      args: ['scripts/start-web.mjs', '--port', '0', '--data-dir', dataDir],
      cwd: REPO_ROOT,
      label: 'Journey Workbench web mode',
      readyLine: /Journey Workbench web mode: (http:\/\/\S+)/,
      timeoutMs: 60_000,
      scratchDir: dataDir
    })
    try {
      const page = await context.newPage()
      await page.goto(server.match[1] ?? '')
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('menuitem', { name: 'Customers' })
        .click()
      const runs: CaseFileRun[] = []
      for (const email of DEMO_EMAILS) {
        const search = page.getByLabel('Search customers')
        await search.fill(email)
        await page
          .getByLabel('Customers found', { exact: true })
          .getByText(email)
          .waitFor({ timeout: 60_000 })
        const start = performance.now()
        await search.press('Enter')
        await page.getByRole('heading', { level: 3 }).waitFor({ timeout: 60_000 })
        await page.getByLabel('Totals').waitFor()
        await page
          .locator(
            '[role="region"][aria-label="Journey graph"][aria-busy="false"] .react-flow__node'
          )
          .first()
          .waitFor({ timeout: 60_000 })
        runs.push({ email, ms: round(performance.now() - start) })
        await page.goBack()
      }
      return runs
    } finally {
      await server.stop()
    }
  } finally {
    await context.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

import type { Page } from '@playwright/test'
import { formatCount } from '../../../src/shared/format'
import type {
  CustomerCaseFile,
  FunnelResult,
  OverviewResult
} from '../../../src/shared/journeys/results'
import { startDedicatedFerretdb, type DedicatedFerretdb } from '../../helpers/dedicated-ferretdb'
import { loadGeneratedDatabase, type GeneratedDatabase } from '../support/generated-database'
import { journeyJson } from '../support/journey-cli'
import { expectOverviewTotals } from '../support/overview-totals'
import { openScreen } from '../support/screens'
import { saveThemedScreenshots } from '../support/screenshots'
import { expect, test } from '../support/web-app'

/*
 * "Work offline" from a FerretDB source, as a user does it: copy the database from the Connections
 * screen, open the copy, then the server goes away (its own FerretDB, killed; never the shared test
 * server) and the overview, a funnel and a customer's case file still answer from the copy, with
 * the numbers `journey` gave from the server before it went. Refresh then says the server is gone.
 */

const CUSTOMER = 'u000003'
const FUNNEL_STEPS = ['--step', 'PAGE_VIEW:/cart', '--step', 'PURCHASE', '--window', '3d']
const answer = { timeout: 120_000 }

interface ServerAnswers {
  overview: OverviewResult
  funnel: FunnelResult
  caseFile: CustomerCaseFile
}

/** What `journey` says on the server (the CLI first, then the screen: one query at a time). */
async function serverAnswers(shop: GeneratedDatabase, timeZone: string): Promise<ServerAnswers> {
  return {
    overview: await journeyJson<OverviewResult>([
      'overview',
      ...shop.cliSource,
      '--time-zone',
      timeZone
    ]),
    funnel: await journeyJson<FunnelResult>(['funnel', ...FUNNEL_STEPS, ...shop.cliSource]),
    caseFile: await journeyJson<CustomerCaseFile>(['customer', CUSTOMER, ...shop.cliSource])
  }
}

async function expectOverview(page: Page, cli: OverviewResult): Promise<void> {
  await openScreen(page, 'Overview')
  await expectOverviewTotals(page, cli, answer)
}

async function expectFunnel(page: Page, origin: string, source: string, cli: FunnelResult) {
  await page.goto(
    `${origin}#/funnels?source=${source}&range=all&step=PAGE_VIEW%3A%2Fcart&step=PURCHASE&window=3d`
  )
  expect(cli.steps[0]?.users).toBeGreaterThan(0)
  for (const [index, step] of cli.steps.entries()) {
    await expect(
      page.getByRole('button', {
        name: `Step ${String(index + 1)}: ${step.label}, ${formatCount(step.users)} users`
      })
    ).toBeVisible(answer)
  }
}

async function expectCaseFile(page: Page, origin: string, source: string, cli: CustomerCaseFile) {
  await page.goto(`${origin}#/customers/${CUSTOMER}?source=${source}`)
  await expect(page.getByRole('heading', { level: 3, name: cli.user.name })).toBeVisible(answer)
  const totals = page.getByLabel('Totals', { exact: true })
  for (const [title, value] of [
    ['Sessions', cli.totals.sessions],
    ['Page views', cli.totals.pageViews],
    ['Purchases', cli.totals.purchases]
  ] as const) {
    await expect(totals.locator('.ant-statistic', { hasText: title })).toContainText(
      formatCount(value)
    )
  }
  expect(cli.totals.pageViews).toBeGreaterThan(0)
}

test.describe('Work offline', () => {
  let server: DedicatedFerretdb | undefined
  test.afterEach(async () => {
    await server?.stop()
    server = undefined
  })

  test('FerretDB: copy for offline use, stop the server, the screens answer from the copy', async ({
    page,
    appUrl
  }) => {
    test.setTimeout(600_000)
    server = await startDedicatedFerretdb()
    const shop = await loadGeneratedDatabase(server.uri, { users: 120, seed: 5, label: 'offline' })
    await page.goto(appUrl)
    const origin = new URL(page.url()).origin + '/'
    const timeZone = await page.evaluate<string>('Intl.DateTimeFormat().resolvedOptions().timeZone')
    const cli = await serverAnswers(shop, timeZone)

    // Save the connection, then Work offline on it.
    await openScreen(page, 'Connections')
    await page.getByLabel('Name').fill('Shop we will stop')
    await page.getByLabel('Connection string').fill(shop.uri)
    await page.getByRole('button', { name: 'Add connection' }).click()
    const item = page.getByRole('listitem', { name: 'Shop we will stop' })
    await item.getByRole('button', { name: 'Work offline' }).click()
    await item.getByLabel('Database to copy').fill(shop.database)
    await item.getByRole('button', { name: 'Copy for offline use' }).click()
    const status = item.getByRole('status', { name: `Offline copy of ${shop.database}` })
    await expect(status).toContainText(`Offline copy of ${shop.database} ready: `, answer)
    const copies = page.getByRole('listitem', { name: `Offline copy of ${shop.database}` })
    await expect(copies).toContainText('offline copy, refreshed just now')
    await saveThemedScreenshots(page, 'work-offline-connections')

    // Open the copy: the header says what it is and how old.
    await status.getByRole('button', { name: 'Open offline copy' }).click()
    await expect(page.getByTestId('source-offline')).toHaveText(/^offline copy, refreshed /)
    await expect(page.getByTestId('source-strategy')).toHaveText('local')
    const source = new URL(page.url().replace('#', '')).searchParams.get('source') ?? ''
    expect(source).toMatch(/^offline:[a-f0-9]{16}$/)

    // The server goes away, as a pulled cable would.
    server.kill()
    await expectOverview(page, cli.overview)
    await saveThemedScreenshots(page, 'work-offline-overview')
    await expectFunnel(page, origin, source, cli.funnel)
    await expectCaseFile(page, origin, source, cli.caseFile)
    await saveThemedScreenshots(page, 'work-offline-case-file')

    // Refresh cannot reach the server: it says so, and the copy keeps answering.
    await page.getByRole('button', { name: 'Refresh the offline copy' }).click()
    await expect(page.getByText(/^Refresh failed: /)).toBeVisible(answer)
    await expect(page.getByTestId('source-offline')).toHaveText(/^offline copy, refreshed /)
    await expectOverview(page, cli.overview)
  })
})

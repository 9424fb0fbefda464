import type { Page } from '@playwright/test'
import { formatPlanForMongosh } from '../../../src/shared/journeys/format-mongosh'
import type { OverviewResult } from '../../../src/shared/journeys/results'
import { journeyJson } from '../support/journey-cli'
import { expectOverviewTotals } from '../support/overview-totals'
import { openScreen } from '../support/screens'
import { saveThemedScreenshots } from '../support/screenshots'
import { useServerSource } from '../support/server-source'
import { expect, test } from '../support/shop-on-server'

/** The browser's time zone: the overview counts days in it, so the CLI must too. */
function browserTimeZone(page: Page): Promise<string> {
  return page.evaluate<string>('Intl.DateTimeFormat().resolvedOptions().timeZone')
}

/** Show query's Copy puts exactly the plan (as mongosh code) on the clipboard. */
async function expectCopiedPlan(
  page: Page,
  plan: OverviewResult['plan'],
  options: { explain: boolean }
): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.getByRole('button', { name: 'Show query' }).click()
  const drawer = page.getByRole('dialog', { name: 'Query behind the overview' })
  await expect(drawer).toBeVisible()
  await expect(drawer).toContainText(plan.strategy)
  await drawer.getByRole('button', { name: 'Copy query' }).click()
  await expect(drawer.getByRole('button', { name: 'Copy query' })).toHaveText(/Copied/)
  const copied = await page.evaluate<string>('navigator.clipboard.readText()')
  expect(copied).toBe(formatPlanForMongosh(plan))
  await expect(drawer.getByLabel('Query code')).toHaveText(formatPlanForMongosh(plan))
  if (options.explain) {
    // A server source explains each step as its server would run it.
    await drawer.getByRole('button', { name: 'Explain on the server' }).click()
    for (let step = 1; step <= plan.steps.length; step++) {
      await expect(drawer.getByLabel(`Explain of step ${String(step)}`)).toContainText(
        /IXSCAN|COLLSCAN|UNKNOWN/,
        {
          timeout: 60_000
        }
      )
    }
  } else {
    await expect(drawer).toContainText('there is no server plan')
  }
  await page.keyboard.press('Escape')
  await expect(drawer).toBeHidden()
}

test.describe('Overview', () => {
  // The first query of a run loads the demo workspace; a loaded CI machine makes everything slower.
  test.describe.configure({ timeout: 180_000 })

  test('demo: totals equal journey overview; Show query copies the plan; a top page opens its flows', async ({
    page,
    appUrl
  }) => {
    await page.goto(appUrl)
    const cli = await journeyJson<OverviewResult>([
      'overview',
      '--time-zone',
      await browserTimeZone(page)
    ])
    await openScreen(page, 'Overview')
    await expectOverviewTotals(page, cli)
    await expectCopiedPlan(page, cli.plan, { explain: false })
    await expect(page.getByRole('img', { name: 'Users and sessions per day' })).toBeVisible()
    await saveThemedScreenshots(page, 'overview')

    const top = cli.topPages[0]
    if (!top) throw new Error('the demo has page views')
    await page
      .getByRole('table', { name: 'Top pages' })
      .getByRole('link', { name: top.page, exact: true })
      .click()
    await expect(page).toHaveURL(new RegExp(`#/flows\\?.*page=${encodeURIComponent(top.page)}`))
    await page.goBack()
    await expect(page.getByLabel('Overview totals')).toBeVisible()
  })

  test('demo: a range with no data says what to do', async ({ page, appUrl }) => {
    await page.goto(appUrl)
    await page.goto(
      `${new URL(page.url()).origin}/#/overview?source=demo&range=custom&from=2030-01-01&to=2030-01-31`
    )
    await expect(page.getByText('No events in this scope')).toBeVisible()
    // The custom range's picker (loaded on demand) shows the linked dates; typing a day moves the range.
    const start = page.getByPlaceholder('Start date')
    await expect(start).toHaveValue('2030-01-01')
    await expect(page.getByPlaceholder('End date')).toHaveValue('2030-01-31')
    await start.click()
    await start.fill('2030-01-15')
    await start.press('Enter')
    // The end field has the focus now; Enter there confirms the pair.
    await page.getByPlaceholder('End date').press('Enter')
    await expect(page).toHaveURL(/from=2030-01-15&to=2030-01-31/)
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Show all time, all devices' }).click()
    await expect(page.getByLabel('Overview totals')).toBeVisible()
    await expect(page).toHaveURL(/range=all/)
  })

  test('FerretDB: totals equal journey overview; Show query copies the plan', async ({
    page,
    appUrl,
    shopOnServer
  }) => {
    test.setTimeout(300_000)
    await page.goto(appUrl)
    await useServerSource(page, {
      name: 'Shop on the test server',
      uri: shopOnServer.uri,
      database: shopOnServer.database
    })
    await expect(page.getByTestId('source-strategy')).toHaveText('reducer')
    // The CLI first, then the screen: one query at a time on the test server.
    const cli = await journeyJson<OverviewResult>([
      'overview',
      ...shopOnServer.cliSource,
      '--time-zone',
      await browserTimeZone(page)
    ])
    await openScreen(page, 'Overview')
    await expectOverviewTotals(page, cli, { timeout: 180_000 })
    await expectCopiedPlan(page, cli.plan, { explain: true })
  })
})

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Download, Locator, Page } from '@playwright/test'
import { formatCount } from '../../../src/shared/format'
import type { FunnelResult, FunnelUsersResult } from '../../../src/shared/journeys/results'
import { parseCsv } from '../../helpers/parse-csv'
import { journeyJson } from '../support/journey-cli'
import { SCREENSHOT_DIR } from '../support/screenshots'
import { expect, test } from '../support/web-app'

/*
 * Exports from the screens in web mode, as a user does them: the Export button, the dialog, the
 * browser download through the one-time link. The downloaded files are read back with csv-parse
 * and their rows checked against what the screen shows.
 */

/** A first answer loads the data set (seconds on a busy machine), so it may take this long. */
const FIRST_ANSWER = { timeout: 90_000 }

/** Opens the export dialog of `what`, exports every column, and returns the downloaded file. */
async function exportFromDialog(
  page: Page,
  button: Locator,
  what: string,
  screenshot: string
): Promise<{ records: string[][]; download: Download }> {
  await button.click()
  const dialog = page.getByRole('dialog', { name: `Export ${what}` })
  const start = dialog.getByRole('button', { name: 'Export CSV' })
  await expect(start).toBeEnabled(FIRST_ANSWER)
  await expect(dialog.getByLabel('Formula guard', { exact: false })).toBeChecked()
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${screenshot}-${scheme}.png`) })
  }
  await page.emulateMedia({ colorScheme: null })
  const downloading = page.waitForEvent('download')
  await start.click()
  const download = await downloading
  const path = await download.path()
  const records = parseCsv(await readFile(path))
  const rows = records.length - 1
  await expect(dialog.locator('.ant-alert-success')).toContainText(
    `${formatCount(rows)} row${rows === 1 ? '' : 's'} written to ${download.suggestedFilename()}`,
    FIRST_ANSWER
  )
  await dialog.locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()
  return { records, download }
}

function column(records: string[][], header: string): string[] {
  const index = records[0]?.indexOf(header) ?? -1
  expect(index, `column "${header}" in ${JSON.stringify(records[0])}`).toBeGreaterThanOrEqual(0)
  return records.slice(1).map((record) => record[index] ?? '')
}

test.describe('CSV export from the screens', () => {
  test("a funnel's drop-off users: every user the screen counts, the listed ones first", async ({
    page,
    appUrl
  }) => {
    test.setTimeout(240_000)
    const origin = appUrl.split('#')[0] ?? appUrl
    await page.goto(appUrl)
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible()
    await page.goto(
      `${origin}#/funnels?source=demo&range=all&step=PAGE_VIEW%3A%2Fcart&step=PURCHASE&window=3d`
    )
    await page
      .getByRole('button', { name: /^[\d,]+ users dropped off before step 2$/ })
      .click(FIRST_ANSWER)
    const panel = page.getByLabel('Funnel users')
    const counted = await panel.getByText(/^[\d,]+ users, by id/).textContent(FIRST_ANSWER)
    const total = Number(/^([\d,]+)/.exec(counted ?? '')?.[1]?.replace(/,/g, ''))
    expect(total).toBeGreaterThan(50)
    const listed = await panel.getByRole('link').allTextContents()
    expect(listed).toHaveLength(50)

    const { records, download } = await exportFromDialog(
      page,
      panel.getByRole('button', { name: 'Export' }),
      'funnel users',
      'export-dialog'
    )
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    const ids = column(records, 'User id')
    expect(ids).toHaveLength(total)
    expect(new Set(ids).size).toBe(total)
    // The screen lists users by id; the file has them all, in the same order.
    expect(ids.slice(0, 50)).toEqual(listed)
    // Dropped off before step 2: each reached step 1 only, and has its entry time.
    expect(new Set(column(records, 'Furthest step'))).toEqual(new Set(['1']))
    for (const time of column(records, 'Entry time (UTC)')) {
      expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    }
    expect(column(records, 'Step 2: PURCHASE (UTC)').every((cell) => cell === '')).toBe(true)
  })

  test("a breakdown group's users (a narrowed drill-down): the file holds exactly that group", async ({
    page,
    appUrl
  }) => {
    test.setTimeout(240_000)
    const funnel = ['--step', 'PAGE_VIEW:/cart', '--step', 'PURCHASE', '--window', '3d']
    const byBrowser = await journeyJson<FunnelResult>([
      'funnel',
      ...funnel,
      '--breakdown',
      'browser'
    ])
    const group = byBrowser.breakdown?.find((g) => (g.steps[1]?.users ?? 0) > 0)
    if (!group) throw new Error('the demo has no browser group reaching step 2')
    // Every user of the group, as journey funnel --users … --group lists them (paged by 500).
    const expected: string[] = []
    for (let offset = 0; ; offset += 500) {
      const users = await journeyJson<FunnelUsersResult>([
        'funnel',
        ...funnel,
        '--breakdown',
        'browser',
        '--users',
        'reached',
        '--at-step',
        '2',
        '--group',
        group.key,
        '--offset',
        String(offset),
        '--limit',
        '500'
      ])
      expected.push(...users.userIds.map(String))
      if (users.userIds.length < 500) break
    }
    expect(expected).toHaveLength(group.steps[1]?.users ?? -1)

    const origin = appUrl.split('#')[0] ?? appUrl
    await page.goto(appUrl)
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible()
    await page.goto(
      `${origin}#/funnels?source=demo&range=all&step=PAGE_VIEW%3A%2Fcart&step=PURCHASE&window=3d&by=browser&users=reached-2&group=${encodeURIComponent(group.key)}`
    )
    const panel = page.getByLabel('Funnel users')
    await expect(panel).toContainText(`Users who reached step 2 on ${group.key}`)
    await expect(panel).toContainText(
      `${formatCount(expected.length)} user${expected.length === 1 ? '' : 's'}, by id`,
      FIRST_ANSWER
    )
    const { records, download } = await exportFromDialog(
      page,
      panel.getByRole('button', { name: 'Export' }),
      'funnel users',
      'export-dialog-group'
    )
    expect(download.suggestedFilename()).toMatch(/^funnel-reached-step-2-.+-users\.csv$/)
    expect(column(records, 'User id')).toEqual(expected)
    expect(new Set(column(records, 'Furthest step'))).toEqual(new Set(['2']))
  })

  test("a customer's events: the page views, purchases and sessions the case file shows", async ({
    page,
    appUrl
  }) => {
    test.setTimeout(240_000)
    const buyers = await journeyJson<FunnelUsersResult>([
      'funnel',
      '--step',
      'PAGE_VIEW:/cart',
      '--step',
      'PURCHASE',
      '--users',
      'reached',
      '--at-step',
      '2',
      '--limit',
      '1'
    ])
    const userId = String(buyers.userIds[0])
    const origin = appUrl.split('#')[0] ?? appUrl
    await page.goto(appUrl)
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible()
    await page.goto(`${origin}#/customers/${userId}?source=demo`)
    const totals = page.getByLabel('Totals')
    await expect(totals).toBeVisible(FIRST_ANSWER)
    const statistic = async (title: string): Promise<number> => {
      const text = await totals
        .locator('.ant-statistic', { hasText: title })
        .locator('.ant-statistic-content')
        .textContent()
      return Number((text ?? '').replace(/,/g, ''))
    }
    const sessions = await statistic('Sessions')
    const pageViews = await statistic('Page views')
    const purchases = await statistic('Purchases')
    expect(purchases).toBeGreaterThan(0)

    const { records } = await exportFromDialog(
      page,
      page.getByRole('button', { name: 'Export events' }),
      "customer's events",
      'export-case-file'
    )
    const types = column(records, 'Event type')
    expect(types.filter((type) => type === 'PAGE_VIEW')).toHaveLength(pageViews)
    expect(types.filter((type) => type === 'PURCHASE')).toHaveLength(purchases)
    expect(new Set(column(records, 'Session id')).size).toBe(sessions)
    // The browsers in the sessions table are among the browsers of the events.
    const table = page.getByLabel('Sessions', { exact: true })
    const browserIndex = await table.locator('thead th').allTextContents()
    const browsers = await table
      .locator(`tbody tr.ant-table-row td:nth-child(${browserIndex.indexOf('Browser') + 1})`)
      .allTextContents()
    expect(browsers.length).toBeGreaterThan(0)
    const fileBrowsers = new Set(column(records, 'Browser'))
    for (const browser of browsers) expect(fileBrowsers).toContain(browser)
    const times = column(records, 'Time (UTC)')
    expect([...times].sort()).toEqual(times)
  })
})

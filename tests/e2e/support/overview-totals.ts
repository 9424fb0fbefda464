import type { Page } from '@playwright/test'
import { formatCount, formatMoney } from '../../../src/shared/format'
import type { OverviewResult } from '../../../src/shared/journeys/results'
import { expect } from './web-app'

/** The overview's totals on screen equal `journey overview` on the same data, in the same words. */
export async function expectOverviewTotals(
  page: Page,
  cli: OverviewResult,
  wait: { timeout: number } = { timeout: 90_000 }
): Promise<void> {
  const totals = page.getByLabel('Overview totals')
  await expect(totals).toBeVisible(wait)
  const expected: [string, string][] = [
    ['Users', formatCount(cli.totals.users)],
    ['Sessions', formatCount(cli.totals.sessions)],
    ['Page views', formatCount(cli.totals.pageViews)],
    ['Purchases', formatCount(cli.totals.purchases)],
    // One line per currency, never added together.
    ...cli.totals.revenueByCurrency.map((money): [string, string] => [
      'Revenue',
      formatMoney(money)
    ])
  ]
  for (const [title, value] of expected) {
    await expect(totals.locator('.ant-statistic', { hasText: title })).toContainText(value)
  }
  expect(cli.totals.users).toBeGreaterThan(0)
}

import type { Page } from '@playwright/test'
import { expect, test } from '../support/web-app'

async function themeOf(page: Page): Promise<string | undefined> {
  return page.evaluate<string | undefined>('document.documentElement.dataset.theme')
}

test.describe('App frame', () => {
  test('the theme follows the OS until the user picks one, and the choice is remembered', async ({
    page,
    appUrl
  }) => {
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goto(appUrl)
    const theme = page.getByRole('radiogroup', { name: 'Theme' })
    await expect(theme.getByRole('radio', { name: 'Follow the system' })).toBeChecked()
    await expect.poll(() => themeOf(page)).toBe('dark')
    // The OS changes its mind while the app runs: the app follows. Once the home screen shows its
    // data: a change that lands while the overview first draws its charts (a year of days, five
    // charts) waits for that render, seconds on a loaded machine, longer than this test waits.
    await expect(page.getByRole('table', { name: 'Top pages' })).toBeVisible()
    await page.emulateMedia({ colorScheme: 'light' })
    await expect.poll(() => themeOf(page)).toBe('light')

    await theme.getByLabel('Dark', { exact: true }).click()
    await expect.poll(() => themeOf(page)).toBe('dark')
    await page.reload()
    await expect(theme.getByRole('radio', { name: 'Dark' })).toBeChecked()
    await expect.poll(() => themeOf(page)).toBe('dark')

    await theme.getByLabel('Follow the system', { exact: true }).click()
    await expect.poll(() => themeOf(page)).toBe('light')
  })

  test('each source keeps its own scope', async ({ page, appUrl }) => {
    await page.goto(appUrl)
    const origin = new URL(page.url()).origin
    const range = page.getByRole('combobox', { name: 'Date range' })
    await page.goto(`${origin}/#/flows?source=demo`)
    await range.click()
    await page.getByTitle('Last 30 days', { exact: true }).click()
    await expect(page).toHaveURL(/range=30d/)

    // Another source (a connection's database) starts from all time, and keeps its own choice.
    await page.goto(`${origin}/#/flows?source=elsewhere/shop`)
    await expect(page).toHaveURL(/source=elsewhere%2Fshop|source=elsewhere\/shop/)
    await expect(page).not.toHaveURL(/range=/)
    await range.click()
    await page.getByTitle('Last 7 days', { exact: true }).click()
    await expect(page).toHaveURL(/range=7d/)

    // Back on the demo (a link without a scope): its own 30 days again; and the other's 7 days.
    await page.goto(`${origin}/#/flows?source=demo`)
    await expect(page).toHaveURL(/range=30d/)
    await expect(page.getByRole('toolbar', { name: 'Scope' })).toContainText('Last 30 days')
    await page.goto(`${origin}/#/flows?source=elsewhere/shop`)
    await expect(page).toHaveURL(/range=7d/)
  })
})

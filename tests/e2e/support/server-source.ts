import { expect, type Page } from '@playwright/test'
import { openScreen } from './screens'

/**
 * Saves a connection on the Connections screen and makes it the active source with one of its
 * databases, through the header's source picker, as a user would.
 */
export async function useServerSource(
  page: Page,
  options: { name: string; uri: string; database: string }
): Promise<void> {
  await openScreen(page, 'Connections')
  await page.getByLabel('Name').fill(options.name)
  await page.getByLabel('Connection string').fill(options.uri)
  await page.getByRole('button', { name: 'Add connection' }).click()
  await expect(page.getByRole('listitem', { name: options.name })).toBeVisible()
  await page.getByRole('button', { name: /^Data source:/ }).click()
  const picker = page.getByRole('dialog', { name: 'Choose the data source' })
  await picker.getByRole('radio', { name: new RegExp(`^${options.name}`) }).check()
  await picker.getByLabel('Database').fill(options.database)
  await picker.getByRole('button', { name: 'Open' }).click()
  await expect(picker).toBeHidden()
  await expect(page.getByRole('button', { name: /^Data source:/ })).toContainText(options.database)
}

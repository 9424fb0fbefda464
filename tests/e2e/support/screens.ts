import type { Page } from '@playwright/test'

export const SCREEN_NAMES = ['Customers', 'Flows', 'Funnels', 'Overview', 'Connections'] as const

/** Opens a screen from the side navigation, as a user would. */
export async function openScreen(page: Page, name: (typeof SCREEN_NAMES)[number]): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('menuitem', { name }).click()
}

import { expect, test } from '../support/web-app'
import { openScreen, SCREEN_NAMES } from '../support/screens'

test('the web mode opens a usable workbench', async ({ page, appUrl }) => {
  await page.goto(appUrl)
  const nav = page.getByRole('navigation', { name: 'Screens' })
  for (const name of SCREEN_NAMES) await expect(nav.getByRole('menuitem', { name })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Data source: Demo workspace/ })).toBeVisible()
  // The home screen answers a real query on the demo workspace.
  await expect(page.getByLabel('Overview totals')).toContainText('Users')
  // The token left the address bar; the route took its place.
  expect(page.url()).not.toContain('token=')
  expect(new URL(page.url()).hash).toMatch(/^#\/overview\?source=demo/)
  await openScreen(page, 'Customers')
  await expect(page.getByLabel('Search customers')).toBeFocused()
})

test('without its token the page says how to get in and offers nothing that cannot work', async ({
  page,
  appUrl
}) => {
  await page.goto(new URL(appUrl).origin + '/')
  await expect(page.getByText('Journey Workbench needs its access link')).toBeVisible()
  await expect(page.getByText('npm start')).toBeVisible()
  await expect(page.getByRole('textbox')).toHaveCount(0)
  await expect(page.getByRole('navigation', { name: 'Screens' })).toHaveCount(0)
})

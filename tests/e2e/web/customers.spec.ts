import type { Page } from '@playwright/test'
import { openScreen } from '../support/screens'
import { saveThemedScreenshots } from '../support/screenshots'
import { useServerSource } from '../support/server-source'
import { expect, test } from '../support/shop-on-server'

/**
 * The support desk's path: search by email, open the case file, open a session, click a page in
 * the journey graph and see that page's views highlighted in the session's events.
 */
async function caseFileFromSearch(
  page: Page,
  customer: { email: string; id: string; name: string },
  screenshots?: string
): Promise<void> {
  // Queries on a loaded CI machine's FerretDB may take seconds: wait for what the user waits for.
  const answer = { timeout: 60_000 }
  await openScreen(page, 'Customers')
  const search = page.getByLabel('Search customers')
  await expect(search).toBeFocused()
  await search.fill(customer.email.toUpperCase())
  const found = page.getByLabel('Customers found', { exact: true })
  await expect(found.getByRole('listitem')).toHaveCount(1, answer)
  await expect(found).toContainText(customer.name)
  // Last seen, sessions and purchases arrive per result.
  await expect(found.getByText('Sessions')).toBeVisible()
  await expect(found.getByText('…')).toHaveCount(0, answer)
  if (screenshots) await saveThemedScreenshots(page, `${screenshots}-search`)
  await search.press('Enter')

  await expect(page.getByRole('heading', { name: customer.name })).toBeVisible(answer)
  expect(new URL(page.url()).hash).toMatch(new RegExp(`^#/customers/${customer.id}\\?`))
  const sessions = page.getByLabel('Sessions', { exact: true })
  await sessions.getByRole('row').nth(1).click()
  const events = page.getByLabel('Session events', { exact: true })
  await expect(events).toBeVisible()
  await expect(page).toHaveURL(/[?&]session=/)

  // The first page of the open session, then its node in the journey graph.
  const firstPageView = events.getByRole('row').filter({ hasText: 'PAGE_VIEW' }).first()
  const pageUrl = (await firstPageView.getByRole('cell').nth(3).innerText()).trim()
  const graph = page.getByRole('region', { name: 'Journey graph' })
  const node = graph.getByRole('button', { name: pageUrl, exact: true })
  await expect(node).toBeVisible(answer)
  await node.click()
  await expect(node).toHaveAttribute('aria-pressed', 'true')
  await expect(page).toHaveURL(
    new RegExp(`[?&]node=${encodeURIComponent(pageUrl).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
  )

  const highlighted = events.locator('tbody tr[data-highlighted="true"]')
  await expect(highlighted.first()).toBeVisible()
  const pages = await highlighted.locator('td:nth-child(4)').allInnerTexts()
  expect(pages.length).toBeGreaterThan(0)
  for (const text of pages) expect(text.trim()).toBe(pageUrl)
  // Every view of that page in the session is highlighted, and nothing else.
  const rows = events.getByRole('row')
  const rowCount = await rows.count()
  for (let i = 1; i < rowCount; i++) {
    const row = rows.nth(i)
    const cells = await row.getByRole('cell').allInnerTexts()
    const isView = cells[2]?.trim() === 'PAGE_VIEW' && cells[3]?.trim() === pageUrl
    expect(await row.getAttribute('data-highlighted')).toBe(isView ? 'true' : null)
  }
  if (screenshots) await saveThemedScreenshots(page, `${screenshots}-case-file`)

  // A deep link reopens the same view after a reload: customer, open session, highlighted node.
  const link = page.url()
  await page.reload()
  expect(page.url()).toBe(link)
  await expect(page.getByRole('heading', { name: customer.name })).toBeVisible(answer)
  await expect(page.getByLabel('Session events', { exact: true })).toBeVisible(answer)
  await expect(
    page
      .getByRole('region', { name: 'Journey graph' })
      .getByRole('button', { name: pageUrl, exact: true })
  ).toHaveAttribute('aria-pressed', 'true')
  await expect(
    page.getByLabel('Session events', { exact: true }).locator('tbody tr[data-highlighted="true"]')
  ).toHaveCount(pages.length)

  // Back returns to the search with its text.
  await page.goBack()
  await expect(page.getByLabel('Search customers')).toHaveValue(customer.email.toUpperCase())
}

test.describe('Customers', () => {
  // The first query of a run loads the demo workspace; a loaded CI machine makes everything slower.
  test.describe.configure({ timeout: 180_000 })

  test('demo: search by email, case file, session, journey node highlights its views', async ({
    page,
    appUrl
  }) => {
    await page.goto(appUrl)
    await caseFileFromSearch(
      page,
      { email: 'maria.rossi1180@example.net', id: 'u001180', name: 'Maria Rossi' },
      'customers'
    )
  })

  test('FerretDB: the same path on generated data (reducer strategy)', async ({
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
    await caseFileFromSearch(page, {
      email: 'maria.davies38@example.net',
      id: 'u000038',
      name: 'Maria Davies'
    })
  })

  test('a customer that does not exist says so and offers the search', async ({ page, appUrl }) => {
    await page.goto(appUrl)
    await page.goto(`${new URL(page.url()).origin}/#/customers/u999999?source=demo`)
    await expect(page.getByText('No customer has the id “u999999”')).toBeVisible()
    await page.getByRole('button', { name: 'Search customers' }).click()
    await expect(page.getByLabel('Search customers')).toBeVisible()
  })

  test('Ctrl+K jumps to the customer search from any screen', async ({ page, appUrl }) => {
    await page.goto(appUrl)
    await openScreen(page, 'Connections')
    await page.keyboard.press('Control+k')
    await expect(page.getByLabel('Search customers')).toBeFocused()
    expect(new URL(page.url()).hash).toMatch(/^#\/customers/)
  })
})

import { openScreen } from '../support/screens'
import { useServerSource } from '../support/server-source'
import { expect, test } from '../support/shop-on-server'

/*
 * Cancelling in the app stops the server's work (the client aborts, the bridge cancels the request
 * id, the router aborts the service): the screen says so at once and the app stays usable. That the
 * server cursor is closed is proven by the engines' integration tests.
 */
test.describe('Cancel', () => {
  test('FerretDB: a slow query is cancelled at once, the screen stays usable, the next query answers', async ({
    page,
    appUrl,
    bigShopOnServer
  }) => {
    test.setTimeout(300_000)
    await page.goto(appUrl)
    await useServerSource(page, {
      name: 'Big shop on the test server',
      uri: bigShopOnServer.uri,
      database: bigShopOnServer.database
    })
    // The overview streams every event through the reducers on FerretDB: seconds of server work.
    await openScreen(page, 'Overview')
    const loading = page.getByRole('status', { name: 'Loading overview' })
    await expect(loading).toBeVisible()
    await loading.getByRole('button', { name: 'Cancel' }).click()
    await expect(page.getByText('Cancelled: the overview query was stopped.')).toBeVisible({
      timeout: 1000
    })
    await expect(loading).toBeHidden()

    // Usable at once: the scope bar answers while the server's work is being stopped…
    await page.getByRole('combobox', { name: 'Date range' }).click()
    await expect(page.getByTitle('Last 7 days', { exact: true })).toBeVisible({ timeout: 1000 })
    await page.keyboard.press('Escape')
    // …and the next query answers.
    await openScreen(page, 'Customers')
    await page.getByLabel('Search customers').fill('maria')
    await expect(page.getByLabel('Customers found', { exact: true })).toContainText('Maria', {
      timeout: 60_000
    })
  })
})

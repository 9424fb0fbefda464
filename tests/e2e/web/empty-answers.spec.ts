import { saveThemedScreenshots } from '../support/screenshots'
import { expect, test } from '../support/web-app'

/*
 * An answer empty because of the question says why in the screen's empty state (the same reason
 * `journey` prints when it exits 2), and drops the older answer; an empty date range stays a plain
 * empty answer (overview.spec.ts).
 */

test('demo: a browser no session has names the values there are, and one click clears it', async ({
  page,
  appUrl
}) => {
  test.setTimeout(240_000)
  await page.goto(appUrl)
  // First a good answer (the demo opens slowly on a busy machine), then the question that has none.
  await expect(page.getByLabel('Overview totals')).toBeVisible({ timeout: 90_000 })
  await page.goto(`${new URL(page.url()).origin}/#/overview?source=demo&range=all&browser=chrome`)
  const empty = page.getByRole('status').filter({ hasText: 'No session has this browser or OS' })
  await expect(empty).toBeVisible({ timeout: 90_000 })
  await expect(empty).toContainText(
    /No session has browser "chrome": in the demo workspace the browsers are .*Chrome.*\. Values are case-sensitive: did you mean "Chrome"\?/
  )
  // The older answer is not left below the reason as if it were this one's.
  await expect(page.getByLabel('Overview totals')).toHaveCount(0)
  await saveThemedScreenshots(page, 'empty-answer-unknown-browser')
  await empty.getByRole('button', { name: 'Clear the browser and OS filters' }).click()
  await expect(page.getByLabel('Overview totals')).toBeVisible({ timeout: 90_000 })
  expect(page.url()).not.toContain('browser=')
})

test('demo: flows of a page without its leading slash say so', async ({ page, appUrl }) => {
  await page.goto(appUrl)
  await page.goto(`${new URL(page.url()).origin}/#/flows?source=demo&range=all&page=cart`)
  const empty = page.getByRole('status').filter({ hasText: 'No page has this address' })
  await expect(empty).toContainText(
    'No page view has page "cart": pages start with "/". Did you mean "/cart"?',
    { timeout: 90_000 }
  )
})

import { expect, test } from '../support/web-app'

test('the web mode opens the workbench', async ({ page, appUrl }) => {
  await page.goto(appUrl)
  await expect(page.getByText('Journey Workbench').first()).toBeVisible()
})

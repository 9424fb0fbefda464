import type { Locator, Page } from '@playwright/test'

/** Chooses an option of an antd Select, as a user does: open it, click the option. */
export async function chooseOption(page: Page, select: Locator, option: string): Promise<void> {
  await select.click()
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    .locator(`.ant-select-item-option[title="${option}"]`)
    .click()
}

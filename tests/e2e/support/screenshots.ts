import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, type Page } from '@playwright/test'
import { REPO_ROOT } from './repo-root'

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots')

/**
 * Saves the page in the light and the dark theme (`<name>-light.png`, `<name>-dark.png`), switched
 * with the header's theme control as a user would, then returns to following the system.
 */
export async function saveThemedScreenshots(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const viewport = page.viewportSize()
  await page.setViewportSize({ width: 1440, height: 900 })
  const theme = page.getByRole('radiogroup', { name: 'Theme' })
  for (const mode of ['Light', 'Dark'] as const) {
    await theme.getByLabel(mode, { exact: true }).click()
    await page.waitForFunction(`document.documentElement.dataset.theme === '${mode.toLowerCase()}'`)
    // Let charts and the graph repaint in the new colours.
    await page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))'
    )
    // No tooltip of the theme control in the picture.
    await page.mouse.move(1, 899)
    await expect(page.getByRole('tooltip')).toHaveCount(0)
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${mode.toLowerCase()}.png`) })
  }
  await theme.getByLabel('Follow the system', { exact: true }).click()
  if (viewport) await page.setViewportSize(viewport)
}

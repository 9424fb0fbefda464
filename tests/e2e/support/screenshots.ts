import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, type Page } from '@playwright/test'
import { REPO_ROOT } from './repo-root'

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots')

const WIDTH = 1440
const HEIGHT = 900
/** The tallest picture `wholeScreen` takes. */
const MAX_HEIGHT = 4000

/** The content pane's (`<main>`) hidden height: what scrolls below the window. */
const OVERFLOW =
  "(() => { const pane = document.querySelector('main'); return pane ? pane.scrollHeight - pane.clientHeight : 0 })()"

/**
 * Saves the page in the light and the dark theme (`<name>-light.png`, `<name>-dark.png`), switched
 * with the header's theme control as a user would, then returns to following the system.
 * `wholeScreen` makes the window as tall as the screen's content (up to 4,000 px), since the app
 * scrolls inside its content pane, so what lies below the fold is in the picture too.
 */
export async function saveThemedScreenshots(
  page: Page,
  name: string,
  options: { wholeScreen?: boolean } = {}
): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const viewport = page.viewportSize()
  await page.setViewportSize({ width: WIDTH, height: HEIGHT })
  const theme = page.getByRole('radiogroup', { name: 'Theme' })
  for (const mode of ['Light', 'Dark'] as const) {
    await theme.getByLabel(mode, { exact: true }).click()
    await page.waitForFunction(`document.documentElement.dataset.theme === '${mode.toLowerCase()}'`)
    // No tooltip of the theme control in the picture (it fades out after the pointer leaves).
    await page.mouse.move(1, HEIGHT - 1)
    await expect(page.getByRole('tooltip')).toHaveCount(0)
    if (options.wholeScreen) {
      const overflow = Number(await page.evaluate(OVERFLOW))
      const height = Math.min(MAX_HEIGHT, HEIGHT + Math.max(0, overflow))
      await page.setViewportSize({ width: WIDTH, height })
    }
    // Let charts and the graph repaint in the new colours (and size).
    await page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))'
    )
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${mode.toLowerCase()}.png`) })
    await page.setViewportSize({ width: WIDTH, height: HEIGHT })
  }
  await theme.getByLabel('Follow the system', { exact: true }).click()
  if (viewport) await page.setViewportSize(viewport)
}

import { defineConfig } from '@playwright/test'

// Web tests take their browser from tests/e2e/support/web-app.ts (CHROME_PATH, Debian's chromium or
// Playwright's own), so a missing browser fails those tests with a clear message, not the whole run.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e-artifacts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/reports/playwright.json' }]],
  use: {
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure'
  }
})

import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openScreen } from '../support/screens'
import { startWebMode } from '../support/start-web-mode'
import { expect, test } from '../support/web-app'

test.describe('Connection settings and a damaged settings file', () => {
  test('sets time limits and an analytics read preference, kept after a reload', async ({
    page,
    appUrl,
    testServer
  }, testInfo) => {
    test.setTimeout(120_000)
    await page.goto(appUrl)
    await openScreen(page, 'Connections')
    await page.getByLabel('Name').fill('Analytics')
    await page.getByLabel('Connection string').fill(testServer.uri)
    await page.getByRole('button', { name: 'Add connection' }).click()
    const saved = page.getByRole('listitem', { name: 'Analytics' })
    await expect(saved).toBeVisible()
    await expect(saved).not.toContainText('Limits')

    await saved.getByRole('button', { name: 'Settings' }).click()
    const form = saved.getByRole('form', { name: 'Query settings of Analytics' })
    await form.getByLabel('Lookup time limit').fill('8')
    await form.getByLabel('Analysis time limit').fill('600')
    await form.getByLabel('Tag sets').fill('nodeType:ANALYTICS')
    await form.getByRole('button', { name: 'Save settings' }).click()
    // Tags on the primary (the connection string's default) are refused, in words.
    await expect(form.getByRole('alert')).toContainText(
      'Tag sets need a read preference: choose secondary or nearest, say.'
    )
    // The choices, in order: as the connection string says, primary, primaryPreferred, secondary.
    await form.getByLabel('Read preference').focus()
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'Enter']) {
      await page.keyboard.press(key)
    }
    await expect(form.getByTitle('secondary', { exact: true })).toBeVisible()
    await page.screenshot({ path: testInfo.outputPath('settings-light.png'), fullPage: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: testInfo.outputPath('settings-dark.png'), fullPage: true })
    await page.emulateMedia({ colorScheme: 'light' })
    await form.getByRole('button', { name: 'Save settings' }).click()
    await expect(form).toHaveCount(0)
    const described = 'Limits 8 s lookups, 600 s analyses · reads secondary (nodeType:ANALYTICS)'
    await expect(saved).toContainText(described)

    await page.reload()
    await openScreen(page, 'Connections')
    await expect(page.getByRole('listitem', { name: 'Analytics' })).toContainText(described)
  })

  test('says a damaged settings file was repaired and keeps every connection', async ({
    page
  }, testInfo) => {
    const record = (id: string, name: string) => ({
      id,
      name,
      uriWithoutPassword: `mongodb://${id}.example:27017/`,
      defaultDatabase: null,
      passwordStorage: 'none',
      createdAt: '2025-09-01T10:00:00.000Z'
    })
    const app = await startWebMode({}, async (dataDir) => {
      const file = join(dataDir, 'connections.json')
      await writeFile(
        `${file}.bak`,
        JSON.stringify({ connections: [record('alpha', 'Alpha'), record('beta', 'Beta')] })
      )
      // Cut off half-way through the second connection.
      const full = JSON.stringify(
        { connections: [record('alpha', 'Alpha'), record('beta', 'Beta')] },
        null,
        2
      )
      await writeFile(file, full.slice(0, full.indexOf('"beta"') + 20))
    })
    try {
      await page.goto(app.url)
      await openScreen(page, 'Connections')
      const notice = page.getByRole('status').filter({ hasText: 'repaired' })
      await expect(notice).toContainText('The saved connections were repaired')
      await expect(notice).toContainText(
        'The saved connections file was damaged (it is not valid JSON). 1 connection read from it, 1 connection more restored from the backup of'
      )
      await expect(page.getByRole('listitem', { name: 'Alpha' })).toBeVisible()
      await expect(page.getByRole('listitem', { name: 'Beta' })).toBeVisible()
      await page.screenshot({ path: testInfo.outputPath('repaired-light.png'), fullPage: true })
      await page.emulateMedia({ colorScheme: 'dark' })
      await page.screenshot({ path: testInfo.outputPath('repaired-dark.png'), fullPage: true })
    } finally {
      await app.stop()
    }
  })
})

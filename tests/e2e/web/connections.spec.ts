import { openScreen } from '../support/screens'
import { saveThemedScreenshots } from '../support/screenshots'
import { expect, test } from '../support/web-app'

test.describe('Connections screen', () => {
  test('shows the demo workspace and tests it', async ({ page, appUrl }) => {
    await page.goto(appUrl)
    await openScreen(page, 'Connections')
    const demo = page.getByRole('listitem', { name: 'Demo workspace' })
    await expect(demo).toBeVisible()
    await demo.getByRole('button', { name: 'Test' }).click()
    await expect(demo.getByText('Local engine embedded')).toBeVisible()
    await expect(demo.getByRole('button', { name: 'Remove' })).toHaveCount(0)
  })

  test('adds, tests and removes a connection to a real server', async ({
    page,
    appUrl,
    testServer
  }) => {
    // A connection test probes every pipeline feature, and the screenshots repaint twice.
    test.setTimeout(120_000)
    await page.goto(appUrl)
    await openScreen(page, 'Connections')
    await page.getByLabel('Name').fill('Test server')
    await page.getByLabel('Connection string').fill(testServer.uri)
    await page.getByRole('button', { name: 'Add connection' }).click()

    const saved = page.getByRole('listitem', { name: 'Test server' })
    await expect(saved).toBeVisible()
    await saved.getByRole('button', { name: 'Test' }).click()
    await expect(saved.getByText(`${testServer.flavor} `, { exact: false }).first()).toBeVisible()
    const result = saved.getByLabel('Connection test result')
    await expect(result).toContainText(testServer.version.replace(/^v/, ''))
    await expect(result).toContainText(
      testServer.flavor === 'FerretDB' ? 'reducer strategy' : 'pipeline strategy'
    )
    if (testServer.flavor === 'FerretDB') {
      // It lacks $documents, yet runs $match, $sort, $skip and $limit: they are not listed missing,
      // and a missing feature says why in the server's words.
      await expect(result.getByText(/^✓ \$match \(/)).toBeVisible()
      await result.getByText('✗ $match with $expr').hover()
      await expect(page.getByRole('tooltip')).toContainText(
        /The server said: .*\$eq is not implemented/
      )
    }
    await saveThemedScreenshots(page, 'connections')

    await saved.getByRole('button', { name: 'Remove' }).click()
    const confirm = page.getByRole('button', { name: 'Remove', exact: true }).last()
    // Removing is dangerous, and its confirmation says so.
    await expect(confirm).toHaveClass(/ant-btn-dangerous/)
    await confirm.click()
    await expect(page.getByRole('listitem', { name: 'Test server' })).toHaveCount(0)
    await expect(page.getByRole('listitem', { name: 'Demo workspace' })).toBeVisible()
  })

  test('explains a malformed connection string and saves nothing', async ({ page, appUrl }) => {
    await page.goto(appUrl)
    await openScreen(page, 'Connections')
    await page.getByLabel('Name').fill('Typo')
    await page.getByLabel('Connection string').fill('localhost:27017')
    await page.getByRole('button', { name: 'Add connection' }).click()
    await expect(page.getByRole('alert')).toContainText('starts with mongodb://')
    await expect(page.getByRole('listitem', { name: 'Typo' })).toHaveCount(0)
  })

  test('says the connection is refused when nothing listens', async ({ page, appUrl }) => {
    await page.goto(appUrl)
    await openScreen(page, 'Connections')
    await page.getByLabel('Name').fill('Nobody home')
    await page.getByLabel('Connection string').fill('mongodb://127.0.0.1:1/')
    await page.getByRole('button', { name: 'Add connection' }).click()
    const saved = page.getByRole('listitem', { name: 'Nobody home' })
    await saved.getByRole('button', { name: 'Test' }).click()
    await expect(saved.getByRole('alert')).toContainText('connection refused')
  })

  test('a test the user cancels says so, without an error', async ({ page, appUrl }) => {
    await page.goto(appUrl)
    await openScreen(page, 'Connections')
    await page.getByLabel('Name').fill('Far away')
    // A documentation address (TEST-NET-1): nothing answers, so the test waits until cancelled.
    await page.getByLabel('Connection string').fill('mongodb://192.0.2.1:27017/')
    await page.getByRole('button', { name: 'Add connection' }).click()
    const saved = page.getByRole('listitem', { name: 'Far away' })
    await saved.getByRole('button', { name: 'Test' }).click()
    await expect(saved.getByText('Testing…')).toBeVisible()
    await saved.getByRole('button', { name: 'Cancel' }).click()
    await expect(saved.getByText('Test cancelled.')).toBeVisible()
    await expect(saved.getByRole('alert')).toHaveCount(0)
  })

  test('the source picker opens the database typed, and suggests one without writing it into the field', async ({
    page,
    appUrl,
    testServer
  }, testInfo) => {
    test.setTimeout(120_000)
    const withDatabase = new URL(testServer.uri)
    withDatabase.pathname = '/picker_suggested'
    await page.goto(appUrl)
    await openScreen(page, 'Connections')
    await page.getByLabel('Name').fill('Picker server')
    await page.getByLabel('Connection string').fill(withDatabase.toString())
    await page.getByRole('button', { name: 'Add connection' }).click()
    await expect(page.getByRole('listitem', { name: 'Picker server' })).toBeVisible()

    await page.getByRole('button', { name: /^Data source:/ }).click()
    const picker = page.getByRole('dialog', { name: 'Choose the data source' })
    await picker.getByRole('radio', { name: /^Picker server/ }).check()
    // Once the server has answered, its suggestion is the placeholder; the field stays the user's.
    await expect(
      picker.getByText(testServer.flavor === 'FerretDB' ? 'reducer' : 'pipeline')
    ).toBeVisible({
      timeout: 60_000
    })
    // The server named as the header names it ("FerretDB 1.24.2", not the flavour's key "ferretdb").
    const serverName = `${testServer.flavor} ${testServer.version.replace(/^v/, '')} ·`
    await expect(
      picker.getByText(new RegExp(`^${serverName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    ).toBeVisible()
    const field = picker.getByLabel('Database')
    await expect(field).toHaveValue('')
    await expect(picker.getByText('Left empty, it opens “picker_suggested”.')).toBeVisible()
    await page.screenshot({ path: testInfo.outputPath('picker-hint-light.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForFunction("document.documentElement.dataset.theme === 'dark'")
    // Colour transitions fast-forwarded to their end, so the picture shows the dark controls.
    await page.screenshot({
      path: testInfo.outputPath('picker-hint-dark.png'),
      animations: 'disabled'
    })
    await page.emulateMedia({ colorScheme: 'light' })
    // Typed and then cleared, the field stays empty (the suggestion used to come back into it).
    await field.pressSequentially('typo')
    await field.press('ControlOrMeta+a')
    await field.press('Backspace')
    await expect(field).toHaveValue('')
    await expect(picker.getByText('Left empty, it opens “picker_suggested”.')).toBeVisible()
    await field.fill('picker_typed')
    await expect(field).toHaveValue('picker_typed')
    await picker.getByRole('button', { name: 'Open' }).click()
    await expect(picker).toBeHidden()
    await expect(page.getByRole('button', { name: /^Data source:/ })).toContainText('picker_typed')

    // An empty field opens the suggestion.
    await page.getByRole('button', { name: /^Data source:/ }).click()
    await expect(field).toHaveValue('picker_typed')
    await field.clear()
    await picker.getByRole('button', { name: 'Open' }).click()
    await expect(picker).toBeHidden()
    await expect(page.getByRole('button', { name: /^Data source:/ })).toContainText(
      'picker_suggested'
    )
  })
})

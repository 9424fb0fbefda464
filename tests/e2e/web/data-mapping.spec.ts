import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { MongoClient } from 'mongodb'
import { generateDemoFolder } from '../../../src/main/data/demo/generate-demo-folder'
import { DEMO_SHAPE_SPECS } from '../../../src/main/data/demo/shapes/demo-shape'
import { formatCount, formatDuration, formatPercent } from '../../../src/shared/format'
import type {
  CustomerCaseFile,
  FunnelResult,
  OverviewResult
} from '../../../src/shared/journeys/results'
import { readFolderCollections } from '../../helpers/read-folder-collections'
import { chooseOption } from '../support/antd'
import { journeyJson } from '../support/journey-cli'
import { openScreen } from '../support/screens'
import { saveThemedScreenshots } from '../support/screenshots'
import { expect, test } from '../support/web-app'

/*
 * A server holding PostHog-shaped events (persons + events, `$pageview`, epoch times, absolute
 * URLs, no sessions collection): the Data mapping panel proposes the mapping from a
 * sample, previews ten events through it and saves it with the connection; then the overview, a
 * funnel and a case file on that connection show what `journey … --mapping` says.
 */

/** Loads the PostHog shape of a generated shop into a fresh database with the driver. */
async function loadPosthogShop(uri: string): Promise<{ database: string; mappingFile: string }> {
  const home = await mkdtemp(join(tmpdir(), 'journey-e2e-posthog-'))
  const folder = join(home, 'data')
  const database = `e2e_posthog_${String(process.pid)}_${Date.now().toString(36)}`
  await generateDemoFolder({ outDir: folder, users: 150, seed: 5, shape: 'posthog' })
  const client = new MongoClient(uri)
  try {
    const db = client.db(database)
    for (const [name, documents] of Object.entries(await readFolderCollections(folder))) {
      await db.collection(name).insertMany(documents as Record<string, unknown>[])
    }
  } finally {
    await client.close()
    await rm(folder, { recursive: true, force: true })
  }
  const mappingFile = join(home, 'posthog.json')
  await writeFile(mappingFile, JSON.stringify(DEMO_SHAPE_SPECS.posthog.mapping))
  return { database, mappingFile }
}

/** Cart page view → purchase within 7 days, built in the funnel builder as a user would. */
async function buildCartToPurchaseFunnel(page: Page): Promise<void> {
  await openScreen(page, 'Funnels')
  const builder = page.getByRole('form', { name: 'Funnel steps' })
  // Picked from the catalogue's suggestions (the data's `$pageview`, read through the mapping).
  await builder.getByLabel('Step 1 event', { exact: true }).fill('PAGE_VIEW')
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: 'PAGE_VIEW' })
    .first()
    .click()
  await chooseOption(page, builder.getByLabel('Step 1 page match'), 'on the page')
  await builder.getByLabel('Step 1 page', { exact: true }).fill('/cart')
  await builder.getByLabel('Step 2 event', { exact: true }).fill('PURCHASE')
  await builder.getByLabel('Window', { exact: true }).fill('7')
  await builder.getByRole('button', { name: 'Show funnel' }).click()
}

async function useConnection(page: Page, name: string, database: string): Promise<void> {
  await page.getByRole('button', { name: /^Data source:/ }).click()
  const picker = page.getByRole('dialog', { name: 'Choose the data source' })
  await picker.getByRole('radio', { name: new RegExp(`^${name}`) }).check()
  await picker.getByLabel('Database').fill(database)
  await picker.getByRole('button', { name: 'Open' }).click()
  await expect(picker).toBeHidden()
}

test.describe('Data mapping', () => {
  test.describe.configure({ timeout: 300_000 })

  test('FerretDB with PostHog-shaped data: propose, preview, save; overview, funnel and case file as journey --mapping says', async ({
    page,
    appUrl,
    testServer
  }) => {
    const answer = { timeout: 90_000 }
    const shop = await loadPosthogShop(testServer.uri)
    const cliSource = [
      '--uri',
      testServer.uri,
      '--db',
      shop.database,
      '--mapping',
      shop.mappingFile
    ]
    const name = 'PostHog export'
    await page.goto(appUrl)
    await openScreen(page, 'Connections')
    await page.getByLabel('Name').fill(name)
    await page.getByLabel('Connection string').fill(testServer.uri)
    await page.getByRole('button', { name: 'Add connection' }).click()
    const item = page.getByRole('listitem', { name })
    await expect(item).toBeVisible()

    await item.getByRole('button', { name: 'Data mapping' }).click()
    await item.getByLabel('Database of the data mapping').fill(shop.database)
    await item.getByRole('button', { name: 'Open data mapping' }).click()
    const panel = item.getByRole('region', { name: `Data mapping of ${name}` })
    // The proposal from the sample: PostHog's own collections and fields.
    await expect(panel.getByLabel('Events collection')).toHaveValue('events', answer)
    await expect(panel.getByLabel('Users collection')).toHaveValue('persons')
    await expect(panel.getByLabel('Sessions collection')).toHaveValue('')
    await expect(panel.getByLabel('User id of events')).toHaveValue('distinct_id')
    await expect(panel.getByLabel('Page URL of events')).toHaveValue('properties.current_url')
    await expect(panel.getByLabel('Page view event name')).toHaveValue('$pageview')
    // Ten events read through it: absolute URLs as paths, the page view named PAGE_VIEW.
    const preview = panel.getByRole('table', { name: 'Mapped events preview' })
    await expect(preview.locator('tbody tr.ant-table-row')).toHaveCount(10, answer)
    await expect(preview).toContainText('PAGE_VIEW')
    await expect(preview.locator('tbody')).not.toContainText('https://')
    // Editing a field changes the preview at once: an unknown user field leaves every event out.
    await panel.getByLabel('User id of events').fill('no_such_field')
    await expect(preview.locator('tbody tr.ant-table-row').first()).toContainText(
      'no user id',
      answer
    )
    await panel.getByLabel('User id of events').fill('distinct_id')
    await expect(preview.locator('tbody tr.ant-table-row').first()).not.toContainText(
      'Left out',
      answer
    )
    await saveThemedScreenshots(page, 'data-mapping')
    await panel.getByRole('button', { name: 'Save mapping' }).click()
    await expect(panel).toBeHidden()
    await expect(item).toContainText('Reads events from events through a saved field mapping')

    // The data quality of the mapped data: the doctor's findings, read through the saved mapping.
    await item.getByRole('button', { name: 'Data quality' }).click()
    await item.getByLabel('Database of the data quality').fill(shop.database)
    await item.getByRole('button', { name: 'Open data quality' }).click()
    const quality = item.getByRole('region', { name: `Data quality of ${name}` })
    await expect(quality.getByRole('table', { name: 'Mapped fields' })).toContainText(
      'distinct_id',
      answer
    )
    await saveThemedScreenshots(page, 'data-quality')
    await quality.getByRole('button', { name: 'Close' }).click()

    // The overview on the connection equals journey overview --mapping.
    await useConnection(page, name, shop.database)
    const timeZone = await page.evaluate<string>('Intl.DateTimeFormat().resolvedOptions().timeZone')
    const overview = await journeyJson<OverviewResult>([
      'overview',
      '--time-zone',
      timeZone,
      ...cliSource
    ])
    expect(overview.totals.users).toBeGreaterThan(0)
    await openScreen(page, 'Overview')
    const totals = page.getByLabel('Overview totals')
    await expect(totals).toBeVisible(answer)
    for (const [title, value] of [
      ['Users', overview.totals.users],
      ['Sessions', overview.totals.sessions],
      ['Page views', overview.totals.pageViews],
      ['Purchases', overview.totals.purchases]
    ] as const) {
      await expect(totals.locator('.ant-statistic', { hasText: title })).toContainText(
        formatCount(value),
        answer
      )
    }

    // A funnel on the connection, as journey funnel --mapping shows it.
    const funnel = await journeyJson<FunnelResult>([
      'funnel',
      '--step',
      'PAGE_VIEW:/cart',
      '--step',
      'PURCHASE',
      '--window',
      '7d',
      ...cliSource
    ])
    expect(funnel.steps[1]?.users).toBeGreaterThan(0)
    await buildCartToPurchaseFunnel(page)
    for (const [index, step] of funnel.steps.entries()) {
      const bar = page.getByRole('button', {
        name: `Step ${String(index + 1)}: ${step.label}, ${formatCount(step.users)} users`
      })
      await expect(bar).toBeVisible(answer)
      await expect(bar.locator('[data-field="from-start"]')).toHaveText(
        formatPercent(step.conversionFromStart)
      )
      if (step.medianSecondsFromPrevious !== null) {
        await expect(bar.locator('[data-field="median"]')).toHaveText(
          formatDuration(step.medianSecondsFromPrevious)
        )
      }
    }
    await saveThemedScreenshots(page, 'data-mapping-funnel')

    // A case file from the search, as journey customer --mapping shows it.
    const caseFile = await journeyJson<CustomerCaseFile>(['customer', 'u000007', ...cliSource])
    await openScreen(page, 'Customers')
    const search = page.getByLabel('Search customers')
    await search.fill('u000007')
    const found = page.getByLabel('Customers found', { exact: true })
    await expect(found.getByRole('listitem')).toHaveCount(1, answer)
    await search.press('Enter')
    await expect(page.getByRole('heading', { name: caseFile.user.name })).toBeVisible(answer)
    const caseTotals = page.getByLabel('Totals', { exact: true })
    for (const [title, value] of [
      ['Sessions', caseFile.totals.sessions],
      ['Page views', caseFile.totals.pageViews],
      ['Purchases', caseFile.totals.purchases]
    ] as const) {
      await expect(caseTotals.locator('.ant-statistic', { hasText: title })).toContainText(
        formatCount(value),
        answer
      )
    }
    expect(caseFile.totals.sessions).toBeGreaterThan(0)
  })
})

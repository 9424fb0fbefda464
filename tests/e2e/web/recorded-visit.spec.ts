import { randomBytes } from 'node:crypto'
import { MongoClient } from 'mongodb'
import { JourneysService } from '../../../src/main/services/journeys/journeys-service'
import type { CustomerCaseFile } from '../../../src/shared/journeys/results'
import { openScreen } from '../support/screens'
import { useServerSource } from '../support/server-source'
import { startDemoShop, type RunningDemoShop } from '../support/start-demo-shop'
import { expect, test } from '../support/web-app'

/*
 * Issue 9's "done when": a visit to the demo shop in Chromium, recorded by the tracker and the
 * collector into the test server, then found in the workbench (web mode) by the visitor's email:
 * the case file shows the session, its pages in order with their time on page, and the purchase.
 */

let shop: RunningDemoShop | undefined
const database = `e2e_recorded_${randomBytes(4).toString('hex')}`

test.afterAll(async () => {
  await shop?.stop()
})

const PAGES = [
  '/',
  '/category/electronics',
  '/product/aurora-x2',
  '/cart',
  '/checkout',
  '/checkout/confirmation'
]

test('a visit to the demo shop is recorded and found in the workbench', async ({
  browser,
  page: workbench,
  appUrl,
  testServer
}, testInfo) => {
  test.setTimeout(240_000)
  shop = await startDemoShop(testServer.uri, database)
  const visitor = await browser.newContext()
  const page = await visitor.newPage()

  // Four pages, then the purchase.
  await page.goto(shop.url)
  await expect(page.getByRole('heading', { name: 'Welcome to the demo shop' })).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('shop-home.png') })
  await page.getByRole('link', { name: 'Electronics' }).click()
  await expect(page.getByRole('heading', { name: 'Electronics' })).toBeVisible()
  await page.getByRole('link', { name: 'Aurora X2 phone' }).click()
  await expect(page.getByRole('heading', { name: 'Aurora X2 phone' })).toBeVisible()
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await expect(page.getByRole('link', { name: 'Cart (1)' })).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('shop-product.png') })
  await page.getByRole('link', { name: 'Cart (1)' }).click()
  await expect(page.getByText('Total €499.00')).toBeVisible()
  await page.getByRole('link', { name: 'Checkout' }).click()
  await page.getByLabel('Name').fill('Ada Lovelace')
  await page.getByLabel('Email').fill('ada@example.com')
  await page.screenshot({ path: testInfo.outputPath('shop-checkout.png') })
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible()
  // Leaving the last page sends its time on page (pagehide beacon).
  await visitor.close()

  // What the collector stored, read by the workbench's own service, once the beacons are in.
  const journeys = new JourneysService({ demoFolder: '/nonexistent', allowUriSources: true })
  let caseFile: CustomerCaseFile | undefined
  try {
    const userId = await customerIdOf(testServer.uri, 'ada@example.com')
    await expect
      .poll(
        async () => {
          caseFile = await journeys.customerCaseFile(
            {
              source: { kind: 'uri', uri: testServer.uri, database },
              userId,
              sessions: { offset: 0, limit: 20 }
            },
            { signal: new AbortController().signal, reportProgress: () => undefined }
          )
          return caseFile.sessions[0]?.events
            .filter((e) => e.eventType === 'PAGE_VIEW')
            .map((e) => [e.metadata?.pageUrl, typeof e.metadata?.duration === 'number'])
        },
        { timeout: 15_000 }
      )
      .toEqual(PAGES.map((url) => [url, true]))
  } finally {
    await journeys.close()
  }
  expect(caseFile?.user).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' })
  expect(caseFile?.totals).toMatchObject({
    sessions: 1,
    pageViews: PAGES.length,
    purchases: 1,
    amountSpent: [{ currency: 'EUR', amount: 499 }]
  })
  const events = caseFile?.sessions[0]?.events ?? []
  expect(events.map((e) => e.eventType)).toEqual([
    'SESSION_START',
    'PAGE_VIEW',
    'PAGE_VIEW',
    'PAGE_VIEW',
    'ADD_TO_CART',
    'PAGE_VIEW',
    'PAGE_VIEW',
    'PURCHASE',
    'PAGE_VIEW'
  ])
  for (const view of events.filter((e) => e.eventType === 'PAGE_VIEW')) {
    expect(view.metadata?.duration).toBeGreaterThan(0)
  }
  expect(caseFile?.sessions[0]).toMatchObject({
    deviceInfo: { os: 'Linux' },
    ipAddress: '127.0.0.1'
  })

  // The support desk's view: the workbench on the same server finds the visitor by email.
  const answer = { timeout: 60_000 }
  await workbench.goto(appUrl)
  await useServerSource(workbench, {
    name: 'Shop recordings',
    uri: testServer.uri,
    database
  })

  await openScreen(workbench, 'Customers')
  await workbench.getByLabel('Search customers').fill('ada@example.com')
  const found = workbench.getByLabel('Customers found', { exact: true })
  await expect(found.getByRole('listitem')).toHaveCount(1, answer)
  await workbench.getByLabel('Search customers').press('Enter')
  await expect(workbench.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible(answer)

  const sessions = workbench.getByLabel('Sessions', { exact: true })
  await expect(sessions.locator('tbody tr')).toHaveCount(1, answer)
  await sessions.locator('tbody tr').first().click()
  const shown = workbench.getByLabel('Session events', { exact: true })
  await expect(shown).toBeVisible()
  const rows = shown.locator('tbody tr')
  await expect(rows).toHaveCount(events.length)
  const table: string[][] = []
  for (let i = 0; i < events.length; i++) {
    table.push((await rows.nth(i).locator('td').allInnerTexts()).map((text) => text.trim()))
  }
  // Columns: #, time, event, page, time on page, amount.
  expect(table.map((cells) => cells[2])).toEqual(events.map((e) => e.eventType))
  const views = table.filter((cells) => cells[2] === 'PAGE_VIEW')
  expect(views.map((cells) => cells[3])).toEqual(PAGES)
  for (const cells of views) expect(cells[4]).not.toBe('')
  expect(table.find((cells) => cells[2] === 'PURCHASE')?.[5]).toBe('499.00 EUR')
  await shown.scrollIntoViewIfNeeded()
  await workbench.screenshot({ path: testInfo.outputPath('case-file-session.png') })

  async function customerIdOf(uri: string, email: string): Promise<string> {
    const client = new MongoClient(uri)
    try {
      let id: unknown
      await expect
        .poll(async () => {
          const user = await client.db(database).collection('users').findOne({ email })
          id = user?._id
          return typeof id
        })
        .toBe('string')
      return id as string
    } finally {
      await client.close()
    }
  }
})

import type { Page } from '@playwright/test'
import { expect, test } from '../support/web-app'
import { callTracker, trackerStatus, type PageGlobals } from './call-tracker'
import { TrackerTestSite } from './tracker-test-site'

/* Do Not Track, Global Privacy Control and the opt-out call: nothing recorded, stored or sent. */

let site: TrackerTestSite

test.beforeEach(async ({ page }) => {
  site = new TrackerTestSite()
  await site.start()
  await page.clock.install({ time: new Date('2026-03-02T09:00:00Z') })
})

test.afterEach(async () => {
  await site.stop()
})

/** Requests the page made to the collector, seen by the browser (beacons included). */
function collectorRequests(page: Page): string[] {
  const seen: string[] = []
  page.on('request', (request) => {
    if (request.url().includes('/v1/collect')) seen.push(request.url())
  })
  return seen
}

function journeyKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { localStorage, sessionStorage } = globalThis as unknown as PageGlobals
    return [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((key) =>
      key.startsWith('journey')
    )
  })
}

/** Uses the page as a visitor would for a while, then leaves it. */
async function browseAndLeave(page: Page): Promise<void> {
  await callTracker(page, 'identify', 'cust-1', { email: 'someone@example.com' })
  await callTracker(page, 'track', 'ADD_TO_CART', { productId: 'p1' })
  await callTracker(page, 'purchase', { orderId: 'o1', amount: 10, currency: 'EUR' })
  await callTracker(page, 'flush')
  await page.clock.runFor(60_000)
}

for (const [signal, setting] of [
  ['Do Not Track', `Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' })`],
  [
    'Global Privacy Control',
    `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })`
  ]
] as const) {
  test(`honours ${signal}: nothing is recorded, stored or sent`, async ({ page }) => {
    await page.addInitScript(setting)
    const requests = collectorRequests(page)
    await page.goto(site.url('/'))
    await browseAndLeave(page)
    expect(await trackerStatus(page)).toEqual({
      tracking: false,
      reason: signal,
      queued: 0,
      dropped: 0
    })
    expect(await journeyKeys(page)).toEqual([])
    await page.goto(site.url('/next'))
    await expect(page.getByRole('heading', { name: '/next' })).toBeVisible()
    await browseAndLeave(page)
    expect(requests).toEqual([])
    expect(site.batches).toEqual([])
  })
}

test('opts out on request, forgets the visitor, and stays out on later visits until opt-in', async ({
  page
}) => {
  await page.goto(site.url('/'))
  await site.waitForBatch((b) => b.events.some((e) => e.kind === 'page_view'))
  const { anonymousId } = await trackerStatus(page)
  await callTracker(page, 'optOut')
  expect(await trackerStatus(page)).toEqual({
    tracking: false,
    reason: 'opted out',
    queued: 0,
    dropped: 0
  })
  expect(await journeyKeys(page)).toEqual(['journey:opt-out'])

  const requests = collectorRequests(page)
  await browseAndLeave(page)
  await page.reload()
  await browseAndLeave(page)
  expect(await trackerStatus(page)).toMatchObject({ tracking: false, reason: 'opted out' })
  expect(requests).toEqual([])
  expect(await journeyKeys(page)).toEqual(['journey:opt-out'])

  await callTracker(page, 'optIn')
  await page.reload()
  await site.waitForBatch((b) =>
    b.events.some((e) => e.kind === 'page_view' && e.userId !== anonymousId)
  )
  const status = await trackerStatus(page)
  expect(status.tracking).toBe(true)
  expect(status.anonymousId).not.toBe(anonymousId)
})

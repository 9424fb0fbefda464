import type { TrackerEvent } from '../../../src/shared/collector/tracker-events'
import { expect, test } from '../support/web-app'
import { callTracker, trackerStatus } from './call-tracker'
import { TrackerTestSite } from './tracker-test-site'

/* Delivery: retries while the collector fails, a bounded queue, nothing lost across page loads. */

let site: TrackerTestSite

test.beforeEach(async ({ page }) => {
  site = new TrackerTestSite()
  await site.start()
  await page.clock.install({ time: new Date('2026-03-02T09:00:00Z') })
})

test.afterEach(async () => {
  await site.stop()
})

type Track = Extract<TrackerEvent, { kind: 'track' }>

test('keeps at most max-queue events while the collector fails, dropping the oldest', async ({
  page
}) => {
  site.tagAttributes = { 'max-queue': '5', 'flush-ms': '100' }
  site.respondWith = { status: 503, retryAfterSeconds: 30 }
  await page.goto(site.url('/'))
  await site.waitForBatch((b) => b.status === 503)
  for (let i = 0; i < 10; i++) await callTracker(page, 'track', 'ITEM_VIEWED', { item: i })
  expect(await trackerStatus(page)).toMatchObject({ tracking: true, queued: 5, dropped: 7 })
  const failedSends = site.batches.length

  // Retry-After: 30 is honoured: nothing is sent before, everything kept is sent after.
  await page.clock.fastForward(25_000)
  expect(site.batches).toHaveLength(failedSends)
  site.respondWith = { status: 200 }
  await page.clock.fastForward(10_000)
  await site.waitForBatch((b) => b.status === 200)
  await expect.poll(async () => (await trackerStatus(page)).queued).toBe(0)
  const delivered = site
    .acknowledgedEvents()
    .filter((e): e is Track => e.kind === 'track')
    .map((e) => e.metadata.item)
  expect(delivered).toEqual([5, 6, 7, 8, 9])
  expect(site.acknowledgedEvents().some((e) => e.kind === 'page_view')).toBe(false)
  expect(await trackerStatus(page)).toMatchObject({ queued: 0, dropped: 7 })
})

test('backs off after failed sends and keeps unacknowledged events across page loads', async ({
  page
}) => {
  site.respondWith = { status: 503 }
  await page.goto(site.url('/first'))
  await site.waitForBatch((b) => b.status === 503)
  const [firstView] = site.receivedEvents().filter((e) => e.kind === 'page_view')
  // A second attempt comes only after a backoff (0.5 to 1 s for the first failure).
  await page.clock.fastForward(1000)
  const retry = await site.waitForBatch((b) => site.batches.indexOf(b) === 1)
  expect(retry.events.map((e) => e.id)).toContain(firstView?.id)
  expect(retry.sentAt - (site.batches[0]?.sentAt ?? 0)).toBeGreaterThanOrEqual(500)

  // Another page of the site: the queue comes along in the tab's storage.
  await page.goto(site.url('/second'))
  await site.waitForBatch((b) =>
    b.events.some((e) => e.kind === 'page_view' && e.pageUrl === '/second')
  )
  site.respondWith = { status: 200 }
  await page.clock.fastForward(60_000)
  await site.waitForBatch((b) => b.status === 200)
  await expect.poll(async () => (await trackerStatus(page)).queued).toBe(0)
  const acknowledged = site.acknowledgedEvents()
  expect(acknowledged.map((e) => e.id)).toContain(firstView?.id)
  expect(
    acknowledged
      .filter((e) => e.kind === 'page_view')
      .map((e) => (e as { pageUrl: string }).pageUrl)
  ).toEqual(['/first', '/second'])
})

test('sends a purchase at once, in the seed shape', async ({ page }) => {
  await page.goto(site.url('/checkout'))
  await site.waitForBatch((b) => b.status === 200)
  await callTracker(page, 'purchase', { orderId: 'order-9', amount: 59.9, currency: 'EUR' })
  const batch = await site.waitForBatch((b) => b.events.some((e) => e.kind === 'purchase'))
  expect(batch.events.find((e) => e.kind === 'purchase')).toMatchObject({
    orderId: 'order-9',
    amount: 59.9,
    currency: 'EUR',
    pageUrl: '/checkout'
  })
})

import type { TrackerEvent } from '../../../src/shared/collector/tracker-events'
import { expect, test } from '../support/web-app'
import { callTracker, trackerStatus } from './call-tracker'
import { TrackerTestSite } from './tracker-test-site'

/* identify(): the anonymous visitor joined to the known user, and calls made before the tag loads. */

let site: TrackerTestSite

test.beforeEach(async () => {
  site = new TrackerTestSite()
  await site.start()
})

test.afterEach(async () => {
  await site.stop()
})

type Identify = Extract<TrackerEvent, { kind: 'identify' }>
const identifies = (): Identify[] =>
  site.acknowledgedEvents().filter((e): e is Identify => e.kind === 'identify')

test('joins the anonymous id to the known user, who then carries on the same session', async ({
  page
}) => {
  await page.goto(site.url('/'))
  await site.waitForBatch((b) => b.events.some((e) => e.kind === 'page_view'))
  const before = await trackerStatus(page)
  expect(before.userId).toBeUndefined()
  const [home] = site.acknowledgedEvents()
  expect(home?.userId).toBe(before.anonymousId)

  await callTracker(page, 'identify', 'cust-7', {
    name: 'Grace Hopper',
    email: 'grace@example.com'
  })
  await site.waitForBatch((b) => b.events.some((e) => e.kind === 'identify'))
  expect(identifies()[0]).toMatchObject({
    userId: 'cust-7',
    anonymousId: before.anonymousId,
    name: 'Grace Hopper',
    email: 'grace@example.com',
    sessionId: before.sessionId
  })
  expect(await trackerStatus(page)).toMatchObject({
    userId: 'cust-7',
    anonymousId: before.anonymousId,
    sessionId: before.sessionId
  })

  // The next page load still knows the user.
  await page.goto(site.url('/account'))
  const account = await site.waitForBatch((b) =>
    b.events.some((e) => e.kind === 'page_view' && e.pageUrl === '/account')
  )
  expect(account.events.find((e) => e.kind === 'page_view')).toMatchObject({
    userId: 'cust-7',
    sessionId: before.sessionId
  })

  // Someone else logs in on this browser: a new anonymous visitor is joined to them, not Grace's.
  await callTracker(page, 'identify', 'cust-8', { name: 'Alan Turing' })
  await expect.poll(() => identifies().length).toBe(2)
  const second = identifies()[1]
  expect(second?.userId).toBe('cust-8')
  expect(second?.anonymousId).not.toBe(before.anonymousId)
  expect((await trackerStatus(page)).anonymousId).toBe(second?.anonymousId)
})

test('runs the calls a page queued before the tracker loaded', async ({ page }) => {
  site.headScript =
    'window.journey=window.journey||function(){(journey.q=journey.q||[]).push(arguments)};' +
    "journey('identify','cust-9',{email:'early@example.com'});" +
    "journey('track','PROMO_SEEN',{campaign:'spring'})"
  await page.goto(site.url('/landing'))
  await site.waitForBatch((b) => b.events.some((e) => e.kind === 'track'))
  await expect.poll(() => identifies().length).toBe(1)
  expect(identifies()[0]).toMatchObject({ userId: 'cust-9', email: 'early@example.com' })
  expect(site.acknowledgedEvents().find((e) => e.kind === 'track')).toMatchObject({
    userId: 'cust-9',
    eventType: 'PROMO_SEEN',
    metadata: { campaign: 'spring', pageUrl: '/landing' }
  })
})

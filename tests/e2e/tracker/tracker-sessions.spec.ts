import type { TrackerEvent } from '../../../src/shared/collector/tracker-events'
import { expect, test } from '../support/web-app'
import { callTracker } from './call-tracker'
import { TrackerTestSite } from './tracker-test-site'

/* The tracker in a real Chromium page: sessions and page views, with the page's clock injected. */

let site: TrackerTestSite

test.beforeEach(async () => {
  site = new TrackerTestSite()
  await site.start()
})

test.afterEach(async () => {
  await site.stop()
})

const START = new Date('2026-03-02T09:00:00Z')
const ofKind = <K extends TrackerEvent['kind']>(kind: K) =>
  site.acknowledgedEvents().filter((e): e is Extract<TrackerEvent, { kind: K }> => e.kind === kind)

test('starts a session with the first page view, resumes it within 30 minutes, starts another after', async ({
  page
}) => {
  await page.clock.install({ time: START })
  await page.goto(site.url('/'))
  await site.waitForBatch((b) => b.events.some((e) => e.kind === 'page_view'))
  const [start] = ofKind('session_start')
  const [home] = ofKind('page_view')
  // Just before the page view, so that event order puts the session's start first.
  expect(start?.timestamp).toBe((home?.timestamp ?? 0) - 1)
  expect(home).toMatchObject({ pageUrl: '/', title: 'Page /', sessionId: start?.sessionId })
  expect(home?.userId).toBe(start?.userId)
  expect(home?.timestamp).toBeGreaterThanOrEqual(START.getTime())

  // 29 minutes later, another page: the same session, no new start.
  await page.clock.fastForward('29:00')
  await page.goto(site.url('/deals'))
  await site.waitForBatch((b) =>
    b.events.some((e) => e.kind === 'page_view' && e.pageUrl === '/deals')
  )
  const deals = ofKind('page_view').find((e) => e.pageUrl === '/deals')
  expect(deals?.sessionId).toBe(start?.sessionId)
  expect(deals?.userId).toBe(start?.userId)
  expect(ofKind('session_start')).toHaveLength(1)

  // 31 idle minutes: the next event opens a new session for the same visitor.
  await page.clock.fastForward('31:00')
  await callTracker(page, 'track', 'NEWSLETTER_SIGNUP', { list: 'weekly' })
  await callTracker(page, 'flush')
  await site.waitForBatch((b) => b.events.some((e) => e.kind === 'track'))
  const starts = ofKind('session_start')
  expect(starts).toHaveLength(2)
  const [signup] = ofKind('track')
  expect(signup).toMatchObject({
    eventType: 'NEWSLETTER_SIGNUP',
    metadata: { list: 'weekly', pageUrl: '/deals' },
    sessionId: starts[1]?.sessionId,
    userId: start?.userId
  })
  expect(starts[1]?.sessionId).not.toBe(start?.sessionId)
})

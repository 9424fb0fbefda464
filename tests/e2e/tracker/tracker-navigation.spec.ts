import type { Page } from '@playwright/test'
import type { TrackerEvent } from '../../../src/shared/collector/tracker-events'
import { expect, test } from '../support/web-app'
import type { PageGlobals } from './call-tracker'
import { TrackerTestSite } from './tracker-test-site'

/* Page views on History API navigation, time on page with visibility, and the pagehide beacon. */

let site: TrackerTestSite

test.beforeEach(async ({ page }) => {
  site = new TrackerTestSite()
  await site.start()
  await page.clock.install({ time: new Date('2026-03-02T09:00:00Z') })
})

test.afterEach(async () => {
  await site.stop()
})

type PageView = Extract<TrackerEvent, { kind: 'page_view' }>
type PageDuration = Extract<TrackerEvent, { kind: 'page_duration' }>

const pageViews = (): PageView[] =>
  site.receivedEvents().filter((e): e is PageView => e.kind === 'page_view')
const durations = (): PageDuration[] =>
  site.receivedEvents().filter((e): e is PageDuration => e.kind === 'page_duration')

function waitForPageView(pageUrl: string): Promise<unknown> {
  return site.waitForBatch((b) =>
    b.events.some((e) => e.kind === 'page_view' && e.pageUrl === pageUrl)
  )
}

/**
 * Time on page is the injected clock's jumps plus the real time that passed meanwhile (the clock
 * keeps flowing): at least the jumps, at most the jumps plus the real time the test measured.
 */
function expectSeconds(
  seconds: number | undefined,
  jumpedMs: number,
  real: { from: number; to: number }
): void {
  expect(seconds).toBeGreaterThanOrEqual(jumpedMs / 1000)
  expect(seconds).toBeLessThanOrEqual((jumpedMs + real.to - real.from) / 1000)
}

function navigate(page: Page, method: 'pushState' | 'replaceState', url: string): Promise<void> {
  return page.evaluate(
    ([name, target]) => {
      ;(globalThis as unknown as PageGlobals).history[name]({}, '', target)
    },
    [method, url] as const
  )
}

test('records a page view on each History API navigation, with the time on the page left', async ({
  page
}) => {
  const real = Date.now()
  await page.goto(site.url('/app'))
  await waitForPageView('/app')
  await page.clock.fastForward(4000)
  await navigate(page, 'pushState', '/app/settings')
  await waitForPageView('/app/settings')
  const firstTimeBound = Date.now()

  // Same URL again (a router restoring scroll state): not a new page.
  await navigate(page, 'replaceState', '/app/settings')
  // A new query is a new page (`pageUrl` is path and query, as the seed's `/search?q=…`).
  await page.clock.fastForward(2500)
  await navigate(page, 'replaceState', '/app/settings?tab=billing')
  await waitForPageView('/app/settings?tab=billing')
  const secondTimeBound = Date.now()
  // Back: popstate.
  await page.goBack()
  await waitForPageView('/app')
  await expect
    .poll(() => pageViews().map((e) => e.pageUrl))
    .toEqual(['/app', '/app/settings', '/app/settings?tab=billing', '/app'])

  const views = pageViews()
  const firstViewTime = durations().find((d) => d.id === views[0]?.id)
  expect(firstViewTime).toMatchObject({ pageUrl: '/app', timestamp: views[0]?.timestamp })
  expectSeconds(firstViewTime?.seconds, 4000, { from: real, to: firstTimeBound })
  const settingsTime = durations().find((d) => d.id === views[1]?.id)
  expectSeconds(settingsTime?.seconds, 2500, { from: real, to: secondTimeBound })
  expect(new Set(views.map((v) => v.id)).size).toBe(4)
  expect(new Set(views.map((v) => v.sessionId)).size).toBe(1)
})

test('sends the time on page by beacon when the page is left', async ({ page }) => {
  const real = Date.now()
  await page.goto(site.url('/product/42'))
  await waitForPageView('/product/42')
  const [view] = pageViews()
  await page.clock.fastForward(7000)
  await page.goto(site.url('/cart'))
  const beacon = await site.waitForBatch(
    (b) => b.via === 'beacon' && b.events.some((e) => e.kind === 'page_duration')
  )
  const time = beacon.events.find((e): e is PageDuration => e.kind === 'page_duration')
  expect(time).toMatchObject({ id: view?.id, pageUrl: '/product/42', sessionId: view?.sessionId })
  expectSeconds(time?.seconds, 7000, { from: real, to: Date.now() })
  await waitForPageView('/cart')
})

test('counts only the time the page was visible, and sends it when the page is hidden', async ({
  page
}) => {
  const real = Date.now()
  await page.goto(site.url('/article'))
  await waitForPageView('/article')
  await page.clock.fastForward(3000)
  const setVisibility = (state: 'hidden' | 'visible') =>
    page.evaluate((value) => {
      const { document, Event } = globalThis as unknown as PageGlobals
      Object.defineProperty(document, 'visibilityState', { value, configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    }, state)
  await setVisibility('hidden')
  const hidden = await site.waitForBatch(
    (b) => b.via === 'beacon' && b.events.some((e) => e.kind === 'page_duration')
  )
  const whenHidden = hidden.events.find((e): e is PageDuration => e.kind === 'page_duration')
  expectSeconds(whenHidden?.seconds, 3000, { from: real, to: Date.now() })

  await page.clock.fastForward(60_000) // in another tab for a minute
  await setVisibility('visible')
  await page.clock.fastForward(2000)
  await page.goto(site.url('/next'))
  await waitForPageView('/next')
  const [article] = pageViews()
  const last = durations()
    .filter((d) => d.id === article?.id)
    .at(-1)
  // The hidden minute does not count.
  expectSeconds(last?.seconds, 5000, { from: real, to: Date.now() })
})

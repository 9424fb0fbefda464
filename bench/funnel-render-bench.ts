import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { CHROMIUM_FLAGS, findBrowser } from '../tests/e2e/support/find-browser'
import { REPO_ROOT } from '../tests/e2e/support/repo-root'
import { startWebMode } from '../tests/e2e/support/start-web-mode'
import { atMost, info, type Figure, type SectionResult } from './figures'
import { median, percentile, round } from './timing'

const SECTION = 'funnel-render'
const TARGET_MS = 200
const ANSWER_TIMEOUT_MS = 120_000

/** The 10-step funnel of the demo shop, by browser (the heaviest screen the builder allows). */
const TEN_STEPS = [
  'SESSION_START',
  'PAGE_VIEW:/',
  'SEARCH',
  'PAGE_VIEW:/product/*',
  'ADD_TO_CART',
  'PAGE_VIEW:/cart',
  'PAGE_VIEW:/checkout',
  'PAGE_VIEW:/checkout/payment',
  'PURCHASE',
  'PAGE_VIEW:/checkout/confirmation'
]

/** Reads the Funnels screen's `funnel:render` measure (see features/funnels/use-render-marks.ts). */
const READ_MEASURE = `(() => {
  const last = (name) => performance.getEntriesByName(name, 'measure').at(-1)?.duration ?? null
  const render = last('funnel:render')
  return render === null ? null : { render, react: last('funnel:react') }
})()`

/**
 * The measure lands one frame after the bars show. Polled with `evaluate` (CDP, outside the page's
 * CSP, which forbids the string evaluation `waitForFunction` needs).
 */
async function readMeasure(page: Page): Promise<{ render: number; react: number | null }> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const ms = await page.evaluate<{ render: number; react: number | null } | null>(READ_MEASURE)
    if (ms !== null) return ms
    if (Date.now() > deadline) throw new Error('the Funnels screen set no funnel:render measure')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Section: a 10-step funnel (by browser) renders within 200 ms of its data arriving. Web mode on the
 * demo workspace in Chromium; each run loads the funnel's link in a fresh page and reads the
 * screen's own measure, from the Funnels screen's first render with the answer to the frame after
 * it was painted (bars, drop-offs, time to convert, the breakdown chart and table).
 */
export async function benchFunnelRender(
  runs: number,
  log: (line: string) => void
): Promise<SectionResult> {
  if (!existsSync(join(REPO_ROOT, 'out', 'renderer', 'index.html'))) {
    log(`${SECTION}: building the renderer first (npx electron-vite build)`)
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' })
    if (build.status !== 0) throw new Error('npx electron-vite build failed')
  }
  const app = await startWebMode()
  const browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_FLAGS })
  const samples: number[] = []
  const reactSamples: number[] = []
  try {
    const origin = app.url.split('#')[0] ?? app.url
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } })
    const page = await context.newPage()
    // The first visit hands the token over and loads the demo workspace into the server's memory.
    await page.goto(app.url)
    await page.getByText('Journey Workbench').first().waitFor({ timeout: ANSWER_TIMEOUT_MS })
    const query = new URLSearchParams([
      ['source', 'demo'],
      ['range', 'all'],
      ...TEN_STEPS.map((step): [string, string] => ['step', step]),
      ['by', 'browser']
    ])
    const link = `${origin}#/funnels?${query.toString()}`
    // One warm-up (the query's first answer reads the workspace), then the timed runs.
    for (let run = 0; run <= runs; run++) {
      await page.goto('about:blank')
      await page.goto(link)
      await page
        .getByRole('button', { name: /^Step 10: PAGE_VIEW \/checkout\/confirmation, / })
        .waitFor({ timeout: ANSWER_TIMEOUT_MS })
      const ms = await readMeasure(page)
      if (run > 0) {
        samples.push(round(ms.render))
        if (ms.react !== null) reactSamples.push(round(ms.react))
      }
      log(
        `${SECTION}: run ${String(run)}${run === 0 ? ' (warm-up)' : ''}: ${String(round(ms.render))} ms (React ${String(round(ms.react ?? Number.NaN))} ms)`
      )
    }
    await context.close()
  } finally {
    await browser.close()
    await app.stop()
  }
  const figures: Figure[] = [
    atMost(
      SECTION,
      '10-step funnel by browser: data → painted, median',
      round(median(samples)),
      'ms',
      TARGET_MS,
      `runs ${samples.join(', ')} ms`
    ),
    info(
      SECTION,
      '10-step funnel by browser: data → painted, slowest',
      round(percentile(samples, 100)),
      'ms'
    )
  ]
  return { data: { steps: TEN_STEPS, breakdown: 'browser', samplesMs: samples }, figures }
}

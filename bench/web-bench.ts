import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM_FLAGS, findBrowser } from '../tests/e2e/support/find-browser'
import { REPO_ROOT } from '../tests/e2e/support/repo-root'
import { spawnUntilReady } from '../tests/helpers/test-server/spawn-until-ready'
import { measureCaseFileFromSearch, type CaseFileRun } from './case-file-from-search'
import { atMost, info, type Figure, type SectionResult } from './figures'
import { measureInitialJs } from './initial-js'
import { median, round, timeOnce } from './timing'
import { elementVisibleExpression, textVisibleExpression } from './visible-in-page'

const SECTION = 'web'
const INITIAL_JS_TARGET_KB = 600
const CASE_FILE_TARGET_MS = 1000
const TARGET_MS = 1500
const RUNS = 3
const SHELL_TEXT = 'Journey Workbench'
/** The overview's first data: a page link in its Top pages table. */
const TOP_PAGES_LINK = 'table[aria-label="Top pages"] a[href]'
const START_TIMEOUT_MS = 60_000
const TEXT_TIMEOUT_MS = 15_000

interface WebRun {
  /** From spawning `node scripts/start-web.mjs` to its `web mode: <url>` line. */
  urlPrintedMs: number
  /** From the spawn to the app's heading being visible. */
  shellVisibleMs: number | null
  /** From the spawn to the target text being visible; null when it never was. */
  textVisibleMs: number | null
  /**
   * From the spawn to the home screen's first data (a link in the overview's top pages); null when
   * it never came. The services load after the address is printed: this shows what that costs.
   */
  firstDataMs: number | null
  pageTextSample?: string
  /** The browser's own timings, from its navigation start (Navigation and Resource Timing). */
  page?: PageTimings
}

interface PageTimings {
  /** From the spawn to the browser starting the navigation. */
  navigationStartMs: number
  documentReceivedMs: number
  domContentLoadedMs: number
  loadEventMs: number
  /** The largest script: its size as sent and when it had arrived. */
  largestScript: {
    name: string
    transferBytes: number
    decodedBytes: number
    responseEndMs: number
  } | null
}

/**
 * Section 4: web mode from a cold start. Per run: spawn the web server, wait for its URL line, open
 * it in a fresh browser context (the browser is launched once, before, and not counted) and time
 * from the spawn until the text is visible.
 */
export async function benchWeb(text: string, log: (line: string) => void): Promise<SectionResult> {
  let buildMs: number | null = null
  if (!existsSync(join(REPO_ROOT, 'out', 'renderer', 'index.html'))) {
    log('web: building the renderer first (npx electron-vite build)')
    const build = await timeOnce(() =>
      spawnSync('npx', ['electron-vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' })
    )
    if (build.value.status !== 0) throw new Error('npx electron-vite build failed')
    buildMs = round(build.ms)
  }
  const initialJs = await measureInitialJs(join(REPO_ROOT, 'out', 'renderer'))
  log(`web: initial JavaScript ${round(initialJs.gzipBytes / 1024)} KB gzipped`)
  const executablePath = findBrowser()
  const launch = await timeOnce(() =>
    chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true })
  )
  const browser = launch.value
  const runs: WebRun[] = []
  let caseFiles: CaseFileRun[] | null = null
  let caseFileError: string | null = null
  try {
    for (let i = 0; i < RUNS; i++) {
      // Once the text has failed to appear, later runs time the shell only.
      const waitForText = i === 0 || runs.some((run) => run.textVisibleMs !== null)
      runs.push(await measureStart(browser, waitForText ? text : null))
      log(`web: run ${i + 1}: ${JSON.stringify(runs[runs.length - 1])}`)
    }
    try {
      caseFiles = await measureCaseFileFromSearch(browser)
      log(`web: case file from search: ${JSON.stringify(caseFiles)}`)
    } catch (error) {
      caseFileError = error instanceof Error ? error.message : String(error)
      log(`web: case file from search failed: ${caseFileError}`)
    }
  } finally {
    await browser.close()
  }
  const textTimes = runs.map((run) => run.textVisibleMs).filter((ms) => ms !== null)
  const shellTimes = runs.map((run) => run.shellVisibleMs).filter((ms) => ms !== null)
  const firstData = runs.map((run) => run.firstDataMs).filter((ms) => ms !== null)
  const textMedian = textTimes.length === runs.length ? round(median(textTimes)) : null
  const missing = runs.find((run) => run.textVisibleMs === null)
  const figure = atMost(
    SECTION,
    `start → "${text}" visible, median of ${RUNS}`,
    textMedian,
    'ms',
    TARGET_MS,
    missing
      ? `"${text}" never became visible within ${TEXT_TIMEOUT_MS / 1000} s; the page showed: ${missing.pageTextSample ?? '?'}`
      : `runs ${textTimes.join(', ')} ms`
  )
  if (textMedian === null) figure.pass = false
  const figures: Figure[] = [
    figure,
    info(
      SECTION,
      `start → "${SHELL_TEXT}" heading visible, median`,
      shellTimes.length ? round(median(shellTimes)) : null,
      'ms'
    ),
    info(
      SECTION,
      'start → overview data visible (top pages), median',
      firstData.length === runs.length ? round(median(firstData)) : null,
      'ms'
    ),
    info(
      SECTION,
      'start → URL printed, median',
      round(median(runs.map((run) => run.urlPrintedMs))),
      'ms'
    ),
    info(SECTION, 'browser launch (not counted)', round(launch.ms), 'ms'),
    atMost(
      SECTION,
      'initial JavaScript, gzipped',
      round(initialJs.gzipBytes / 1024),
      'KB',
      INITIAL_JS_TARGET_KB,
      `${initialJs.files.length} files, ${round(initialJs.bytes / 1024)} KB minified; all scripts with lazy screens ${round(initialJs.allScriptsGzipBytes / 1024)} KB gzipped`
    ),
    caseFileFigure(caseFiles, caseFileError)
  ]
  return {
    data: {
      initialJs,
      caseFileFromSearch: caseFiles ?? { failed: caseFileError },
      text,
      browser: executablePath,
      browserVersion: browser.version(),
      browserLaunchMs: round(launch.ms),
      rendererBuildMs: buildMs,
      runs
    },
    figures
  }
}

/**
 * Runs in the page: navigation and largest-script timings, in ms from navigation start. A string,
 * not a function: tsx compiles functions with a `__name` helper that the page does not have.
 */
const READ_PAGE_TIMINGS = `(() => {
  const r = (ms) => Math.round(ms * 10) / 10
  const nav = performance.getEntriesByType('navigation')[0]
  const scripts = performance
    .getEntriesByType('resource')
    .filter((entry) => entry.initiatorType === 'script')
    .sort((a, b) => b.decodedBodySize - a.decodedBodySize)
  const script = scripts[0]
  return {
    documentReceivedMs: r(nav ? nav.responseEnd : -1),
    domContentLoadedMs: r(nav ? nav.domContentLoadedEventEnd : -1),
    loadEventMs: r(nav ? nav.loadEventEnd : -1),
    largestScript: script
      ? {
          name: script.name.replace(/^.*\\//, ''),
          transferBytes: script.transferSize,
          decodedBytes: script.decodedBodySize,
          responseEndMs: r(script.responseEnd)
        }
      : null
  }
})()`

async function measureStart(browser: Browser, text: string | null): Promise<WebRun> {
  const dataDir = await mkdtemp(join(tmpdir(), 'journey-bench-web-'))
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const start = performance.now()
    const server = await spawnUntilReady({
      command: process.execPath,
      args: ['scripts/start-web.mjs', '--port', '0', '--data-dir', dataDir],
      cwd: REPO_ROOT,
      label: 'Journey Workbench web mode',
      readyLine: /Journey Workbench web mode: (http:\/\/\S+)/,
      timeoutMs: START_TIMEOUT_MS,
      scratchDir: dataDir
    })
    try {
      const urlPrintedMs = round(performance.now() - start)
      // Checked on every animation frame (see visible-in-page.ts), not on a locator's 500 ms steps.
      const visibleAt = async (expression: string): Promise<number | null> => {
        const visible = await page.evaluate<boolean>(expression).catch(() => false)
        return visible ? round(performance.now() - start) : null
      }
      const navigationStartMs = round(performance.now() - start)
      await page.goto(server.match[1] ?? '', { waitUntil: 'commit' })
      const [shellVisibleMs, textVisibleMs, firstDataMs] = await Promise.all([
        visibleAt(textVisibleExpression(SHELL_TEXT, TEXT_TIMEOUT_MS)),
        text === null
          ? Promise.resolve(null)
          : visibleAt(textVisibleExpression(text, TEXT_TIMEOUT_MS)),
        visibleAt(elementVisibleExpression(TOP_PAGES_LINK, TEXT_TIMEOUT_MS))
      ])
      const run: WebRun = { urlPrintedMs, shellVisibleMs, textVisibleMs, firstDataMs }
      run.page = {
        navigationStartMs,
        ...(await page.evaluate<Omit<PageTimings, 'navigationStartMs'>>(READ_PAGE_TIMINGS))
      }
      if (textVisibleMs === null) {
        const body = await page.locator('body').innerText()
        run.pageTextSample = body.replace(/\s+/g, ' ').trim().slice(0, 160)
      }
      return run
    } finally {
      await server.stop()
    }
  } finally {
    await context.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** Median of the timed customers (the first one also loads the screen's code: reported apart). */
function caseFileFigure(runs: CaseFileRun[] | null, error: string | null): Figure {
  if (!runs || runs.length < 2) {
    const figure = atMost(
      SECTION,
      'case file from search (demo), median',
      null,
      'ms',
      CASE_FILE_TARGET_MS,
      error ?? 'not measured'
    )
    figure.pass = false
    return figure
  }
  const [first, ...rest] = runs
  return atMost(
    SECTION,
    'case file from search (demo), median',
    round(median(rest.map((run) => run.ms))),
    'ms',
    CASE_FILE_TARGET_MS,
    `Enter → name, totals and laid-out journey graph; runs ${rest.map((run) => run.ms).join(', ')} ms; first customer (loads the graph code) ${first?.ms ?? '?'} ms`
  )
}

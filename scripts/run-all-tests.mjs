#!/usr/bin/env node
// `npm test`: vitest (unit + integration), then Playwright (e2e), each with its usual output, then one
// line summing both: `N passed, N failed[, N skipped]`. A runner that crashes or writes no report
// counts as at least one failure. `--only unit,integration,e2e` (or repeated --only) runs a subset.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const reportsDir = join(root, 'test-results', 'reports')
const vitestReport = join(reportsDir, 'vitest.json')
// Must match the json reporter's outputFile in playwright.config.ts.
const playwrightReport = join(reportsDir, 'playwright.json')
const LAYERS = ['unit', 'integration', 'e2e']

const layers = selectedLayers()
let interrupted = false
let runningChild
// Pass Ctrl-C or a CI timeout on to the runner so it can stop its servers; report what ran so far.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true
    runningChild?.kill(signal)
  })
}
mkdirSync(reportsDir, { recursive: true })
const totals = { passed: 0, failed: 0, skipped: 0 }

const vitestProjects = layers.filter((layer) => layer !== 'e2e')
if (vitestProjects.length > 0) {
  rmSync(vitestReport, { force: true })
  // Without --only, run every vitest project, including any added later.
  const filtered = vitestProjects.length < LAYERS.length - 1
  const projectArgs = filtered ? vitestProjects.flatMap((project) => ['--project', project]) : []
  const code = await run('vitest', [
    'run',
    ...projectArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestReport}`
  ])
  add(totals, countResults('vitest', code, vitestReport, countVitest))
}

if (layers.includes('e2e') && !interrupted) {
  rmSync(playwrightReport, { force: true })
  const code = await run('@playwright/test', ['test'])
  add(totals, countResults('playwright', code, playwrightReport, countPlaywright))
}

const skipped = totals.skipped > 0 ? `, ${String(totals.skipped)} skipped` : ''
console.log(`${String(totals.passed)} passed, ${String(totals.failed)} failed${skipped}`)
process.exitCode = totals.failed > 0 || interrupted ? 1 : 0

function selectedLayers() {
  const { values } = parseArgs({ options: { only: { type: 'string', multiple: true } } })
  if (!values.only) return LAYERS
  const chosen = values.only.flatMap((value) => value.split(',')).map((value) => value.trim())
  const unknown = chosen.filter((layer) => !LAYERS.includes(layer))
  if (unknown.length > 0) {
    console.error(`--only takes ${LAYERS.join(', ')}; not: ${unknown.join(', ')}`)
    process.exit(2)
  }
  return LAYERS.filter((layer) => chosen.includes(layer))
}

/**
 * Runs a package's CLI (what `npx <name>` would run) with the terminal as its output; resolves with
 * its exit code. Started with node directly, not through npx, so that signals reach the runner.
 */
function run(packageName, args) {
  return new Promise((resolve) => {
    const cli = packageBin(packageName)
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' })
    runningChild = child
    child.on('error', (error) => {
      console.error(`could not start ${packageName}: ${error.message}`)
      resolve(1)
    })
    child.on('exit', (code, signal) => {
      runningChild = undefined
      resolve(code ?? (signal ? 1 : 0))
    })
  })
}

function packageBin(packageName) {
  const manifestPath = require.resolve(`${packageName}/package.json`)
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'))
  const relative = typeof bin === 'string' ? bin : Object.values(bin)[0]
  return join(dirname(manifestPath), relative)
}

/** Reads a runner's report; a missing report or a failing exit with no failed test is a crash. */
function countResults(runner, exitCode, reportPath, count) {
  let counts = { passed: 0, failed: 0, skipped: 0 }
  if (existsSync(reportPath)) {
    try {
      counts = count(JSON.parse(readFileSync(reportPath, 'utf8')))
    } catch (error) {
      console.error(`${runner}: unreadable report ${reportPath}: ${error.message}`)
      return { ...counts, failed: 1 }
    }
  } else {
    console.error(`${runner}: no report at ${reportPath} (exit code ${String(exitCode)})`)
    return { ...counts, failed: 1 }
  }
  if (exitCode !== 0 && counts.failed === 0) {
    console.error(`${runner} exited with code ${String(exitCode)} but reported no failed test`)
    counts.failed = 1
  }
  return counts
}

/** Vitest's jest-style report. A file that fails to load or whose hooks fail has no failed test. */
function countVitest(report) {
  const brokenFiles = report.testResults.filter(
    (file) =>
      file.status === 'failed' &&
      !file.assertionResults.some((assertion) => assertion.status === 'failed')
  ).length
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests
  }
}

/** Playwright's report: `errors` are failures outside any test (config, worker set-up). */
function countPlaywright(report) {
  const { expected, unexpected, flaky, skipped } = report.stats
  return {
    passed: expected + flaky,
    failed: unexpected + (report.errors?.length ?? 0),
    skipped
  }
}

function add(into, counts) {
  into.passed += counts.passed
  into.failed += counts.failed
  into.skipped += counts.skipped
}

import type { Locator, Page } from '@playwright/test'
import { formatCount, formatDuration, formatPercent } from '../../../src/shared/format'
import type { FunnelResult, FunnelUsersResult } from '../../../src/shared/journeys/results'
import { chooseOption } from '../support/antd'
import { loadGeneratedDatabase } from '../support/generated-database'
import { journeyJson } from '../support/journey-cli'
import { openScreen } from '../support/screens'
import { saveThemedScreenshots } from '../support/screenshots'
import { useServerSource } from '../support/server-source'
import { expect, test } from '../support/web-app'

/** A first answer loads the data set (seconds on a busy machine), so it may take this long. */
const FIRST_ANSWER = { timeout: 90_000 }

const CLI_STEPS = [
  '--step',
  'PAGE_VIEW:/cart',
  '--step',
  'PAGE_VIEW:/checkout*',
  '--step',
  'PURCHASE'
]

/**
 * Types an event name and picks it from the catalogue's suggestions, as a user does: a suggestion
 * list left open (a slow server's catalogue arrives after the typing) would cover the next row.
 */
async function typeEventAndPickSuggestion(page: Page, input: Locator, name: string): Promise<void> {
  await input.fill(name)
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: name })
    .first()
    .click()
}

/** Builds cart → checkout pages → purchase within 7 days in the builder, as a user would. */
async function buildThreeStepFunnel(page: Page): Promise<void> {
  await openScreen(page, 'Funnels')
  const builder = page.getByRole('form', { name: 'Funnel steps' })
  await typeEventAndPickSuggestion(
    page,
    builder.getByLabel('Step 1 event', { exact: true }),
    'PAGE_VIEW'
  )
  await chooseOption(page, builder.getByLabel('Step 1 page match'), 'on the page')
  await builder.getByLabel('Step 1 page', { exact: true }).fill('/cart')
  await typeEventAndPickSuggestion(
    page,
    builder.getByLabel('Step 2 event', { exact: true }),
    'PAGE_VIEW'
  )
  await chooseOption(page, builder.getByLabel('Step 2 page match'), 'on pages under')
  await builder.getByLabel('Step 2 page', { exact: true }).fill('/checkout')
  await builder.getByRole('button', { name: 'Add step' }).click()
  await builder.getByLabel('Step 3 event', { exact: true }).fill('PURCHASE')
  await builder.getByLabel('Window', { exact: true }).fill('7')
  await builder.getByRole('button', { name: 'Show funnel' }).click()
}

/** Every number of the funnel on screen equals `journey funnel` on the same data. */
async function expectScreenEqualsCli(page: Page, cliSource: string[]): Promise<FunnelResult> {
  const cli = await journeyJson<FunnelResult>([
    'funnel',
    ...CLI_STEPS,
    '--window',
    '7d',
    ...cliSource
  ])
  expect(cli.steps[0]?.users).toBeGreaterThan(0)
  const labels = ['PAGE_VIEW /cart', 'PAGE_VIEW /checkout*', 'PURCHASE']
  for (const [index, step] of cli.steps.entries()) {
    const number = index + 1
    expect(step.label).toBe(labels[index])
    const bar = page.getByRole('button', {
      name: `Step ${String(number)}: ${step.label}, ${formatCount(step.users)} users`
    })
    await expect(bar).toBeVisible(FIRST_ANSWER)
    await expect(bar.locator('[data-field="from-start"]')).toHaveText(
      formatPercent(step.conversionFromStart)
    )
    if (number > 2) {
      await expect(bar.locator('[data-field="from-previous"]')).toHaveText(
        formatPercent(step.conversionFromPrevious)
      )
    }
    if (step.medianSecondsFromPrevious !== null) {
      await expect(bar.locator('[data-field="median"]')).toHaveText(
        formatDuration(step.medianSecondsFromPrevious)
      )
    }
    if (number > 1) {
      await expectDropOff(page, (cli.steps[index - 1]?.users ?? 0) - step.users, number)
    }
  }
  return cli
}

/** A drop-off with users lists them (a button); one without says so and offers nothing. */
async function expectDropOff(page: Page, dropped: number, step: number): Promise<void> {
  const button = page.getByRole('button', {
    name: new RegExp(`^[\\d,]+ users dropped off before step ${String(step)}$`)
  })
  if (dropped > 0) {
    await expect(button).toHaveAccessibleName(
      `${formatCount(dropped)} users dropped off before step ${String(step)}`
    )
    await expect(button).toBeVisible()
  } else {
    await expect(page.getByText(`No one dropped off before step ${String(step)}`)).toBeVisible()
    await expect(button).toHaveCount(0)
  }
}

/** Lists those who dropped off before step 2, compares them with the CLI and opens the first. */
async function openDroppedUser(page: Page, cli: FunnelResult, cliSource: string[]): Promise<void> {
  const dropped = (cli.steps[0]?.users ?? 0) - (cli.steps[1]?.users ?? 0)
  await page
    .getByRole('button', { name: `${formatCount(dropped)} users dropped off before step 2` })
    .click()
  const panel = page.getByLabel('Funnel users')
  await expect(panel).toContainText(`${formatCount(dropped)} users, by id`, FIRST_ANSWER)
  const users = await journeyJson<FunnelUsersResult>([
    'funnel',
    ...CLI_STEPS,
    '--window',
    '7d',
    '--users',
    'dropped',
    '--at-step',
    '2',
    '--limit',
    '50',
    ...cliSource
  ])
  expect(users.total).toBe(dropped)
  const first = String(users.userIds[0])
  const links = panel.getByRole('link')
  await expect(links.first()).toHaveText(first)
  // Each user's name and email, as journey funnel --users has them.
  const firstUser = users.users[0]
  expect(firstUser?.name).toBeTruthy()
  const firstRow = panel
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: first, exact: true }) })
  await expect(firstRow).toContainText(firstUser?.name ?? '')
  await expect(firstRow).toContainText(firstUser?.email ?? '')
  await expect(links).toHaveCount(Math.min(50, dropped))
  await links.first().click()
  await expect(page).toHaveURL(new RegExp(`#/customers/${first}`))
  const customer = await journeyJson<{ user: { name: string } }>(['customer', first, ...cliSource])
  await expect(page.getByRole('heading', { level: 3, name: customer.user.name })).toBeVisible(
    FIRST_ANSWER
  )
}

test.describe('Funnels screen', () => {
  test('a 3-step funnel on the demo shows what journey funnel says; a drop-off opens a case file', async ({
    page,
    appUrl
  }) => {
    test.setTimeout(180_000)
    await page.goto(appUrl)
    await buildThreeStepFunnel(page)
    const cli = await expectScreenEqualsCli(page, [])
    await openDroppedUser(page, cli, [])
  })

  test('the same on FerretDB loaded with generated data', async ({ page, appUrl, testServer }) => {
    test.setTimeout(300_000)
    const db = await loadGeneratedDatabase(testServer.uri, {
      users: 400,
      seed: 11,
      label: 'funnels'
    })
    await page.goto(appUrl)
    await useServerSource(page, {
      uri: testServer.uri,
      database: db.database,
      name: 'Shop server'
    })
    await buildThreeStepFunnel(page)
    const cli = await expectScreenEqualsCli(page, db.cliSource)
    await openDroppedUser(page, cli, db.cliSource)
  })

  test('an event suggestion list arriving after focus moved on stays closed', async ({
    page,
    appUrl
  }) => {
    test.setTimeout(180_000)
    // Hold the catalogue until the user has typed and moved to the next field, as a slow server does.
    let releaseCatalogue: () => void = () => undefined
    const held = new Promise<void>((resolve) => {
      releaseCatalogue = resolve
    })
    await page.route('**/api/rpc/journeys.catalogue', async (route) => {
      await held
      await route.continue()
    })
    await page.goto(appUrl)
    await openScreen(page, 'Funnels')
    const builder = page.getByRole('form', { name: 'Funnel steps' })
    const openLists = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
    await builder.getByLabel('Step 1 event', { exact: true }).fill('PAGE')
    await builder.getByLabel('Step 1 page match').focus()
    const answered = page.waitForResponse('**/api/rpc/journeys.catalogue')
    releaseCatalogue()
    await answered
    // The next row's event field has focus: its suggestions, and only its, are open.
    await builder.getByLabel('Step 2 event', { exact: true }).fill('PAGE_')
    await expect(
      openLists.locator('.ant-select-item-option', { hasText: 'PAGE_VIEW' })
    ).toBeVisible()
    await expect(openLists).toHaveCount(1)
    // Focus moves on: the list closes, and the next row's page match is there to pick.
    await chooseOption(page, builder.getByLabel('Step 2 page match'), 'on the page')
    await expect(openLists).toHaveCount(0)
    // A click lands on what is on top: the page field is not covered by a list.
    await builder.getByLabel('Step 2 page', { exact: true }).click()
    await expect(builder.getByLabel('Step 2 page', { exact: true })).toBeFocused()
  })

  test('saves, renames, reopens and deletes a funnel; a reloaded link lands on the same view', async ({
    page,
    appUrl
  }) => {
    test.setTimeout(180_000)
    const origin = appUrl.split('#')[0] ?? appUrl
    await page.goto(appUrl)
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible()
    await page.goto(
      `${origin}#/funnels?source=demo&range=all&step=PAGE_VIEW%3A%2Fcart&step=PURCHASE&window=3d`
    )
    const firstBar = page.getByRole('button', { name: /^Step 1: PAGE_VIEW \/cart, [\d,]+ users$/ })
    await expect(firstBar).toBeVisible(FIRST_ANSWER)

    await page.getByRole('button', { name: 'Save…' }).click()
    const saveDialog = page.getByRole('dialog', { name: 'Save this funnel' })
    await saveDialog.getByLabel('Funnel name').fill('Cart to purchase')
    await saveDialog.getByRole('button', { name: 'Save' }).click()
    const saved = page.getByLabel('Saved funnels')
    await expect(page.locator('.ant-select', { has: saved })).toContainText('Cart to purchase')
    await expect(page).toHaveURL(/[?&]saved=/)

    // A second funnel of the same name is refused, and says why.
    await page.getByRole('button', { name: 'Save as new…' }).click()
    const again = page.getByRole('dialog', { name: 'Save this funnel' })
    await again.getByLabel('Funnel name').fill('cart TO purchase')
    await again.getByRole('button', { name: 'Save' }).click()
    await expect(again.getByRole('alert')).toHaveText(
      'A saved funnel named "Cart to purchase" already exists'
    )
    await again.getByRole('button', { name: 'Cancel' }).click()

    await page.getByRole('button', { name: 'Rename…' }).click()
    const renameDialog = page.getByRole('dialog', { name: 'Rename the saved funnel' })
    await renameDialog.getByLabel('Funnel name').fill('Checkout funnel')
    await renameDialog.getByRole('button', { name: 'Rename' }).click()
    await expect(page.locator('.ant-select', { has: saved })).toContainText('Checkout funnel')

    await page.getByRole('button', { name: 'New funnel' }).click()
    await expect(page.getByText('Build a funnel')).toBeVisible()
    await expect(firstBar).toHaveCount(0)

    await chooseOption(page, saved, 'Checkout funnel')
    await expect(firstBar).toBeVisible()
    await expect(page.getByLabel('Step 2 event', { exact: true })).toHaveValue('PURCHASE')
    await expect(page.getByLabel('Window', { exact: true })).toHaveValue('3')

    // Open the users of step 2, then reload: the same funnel, the same list, the same saved name.
    await page.getByRole('button', { name: /^Step 2: PURCHASE, / }).click()
    await expect(page.getByLabel('Funnel users')).toContainText('Users who reached step 2')
    const link = page.url()
    await page.reload()
    expect(page.url()).toBe(link)
    await expect(firstBar).toBeVisible()
    await expect(page.getByLabel('Funnel users')).toContainText('Users who reached step 2')
    await expect(page.locator('.ant-select', { has: saved })).toContainText('Checkout funnel')
    await expect(page.getByLabel('Step 1 page', { exact: true })).toHaveValue('/cart')

    await page.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('button', { name: 'Delete', exact: true }).last().click()
    await expect(page.locator('.ant-select', { has: saved })).toContainText('No saved funnels yet')
    await expect(firstBar).toBeVisible()
    await expect(page).not.toHaveURL(/[?&]saved=/)
  })

  test('a 10-step funnel with a breakdown, light and dark', async ({ page, appUrl }) => {
    test.setTimeout(180_000)
    const origin = appUrl.split('#')[0] ?? appUrl
    await page.setViewportSize({ width: 1440, height: 1000 })
    await page.goto(appUrl)
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible()
    const steps = [
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
    const query = new URLSearchParams([
      ['source', 'demo'],
      ['range', 'all'],
      ...steps.map((step): [string, string] => ['step', step]),
      ['window', '14d'],
      ['by', 'browser']
    ])
    await page.goto(`${origin}#/funnels?${query.toString()}`)
    await expect(
      page.getByRole('button', { name: /^Step 10: PAGE_VIEW \/checkout\/confirmation, / })
    ).toBeVisible(FIRST_ANSWER)
    // Every drop-off as journey funnel has it; on this data one of them is nobody (so the check
    // of a drop-off without users, which must not offer to list them, is not vacuous).
    const cli = await journeyJson<FunnelResult>([
      'funnel',
      ...steps.flatMap((step) => ['--step', step]),
      '--window',
      '14d'
    ])
    const drops = cli.steps
      .slice(1)
      .map((step, index) => (cli.steps[index]?.users ?? 0) - step.users)
    expect(drops).toContain(0)
    for (const [index, dropped] of drops.entries()) await expectDropOff(page, dropped, index + 2)
    await saveThemedScreenshots(page, 'funnels', { wholeScreen: true })

    // Drill-down from a breakdown bar and from a time-to-convert cell: the users counted there.
    const cliSteps = steps.flatMap((step) => ['--step', step])
    const byBrowser = await journeyJson<FunnelResult>([
      'funnel',
      ...cliSteps,
      '--window',
      '14d',
      '--breakdown',
      'browser'
    ])
    const group = byBrowser.breakdown?.[0]
    if (!group) throw new Error('no breakdown group')
    const groupUsers = group.steps[1]?.users ?? 0
    expect(groupUsers).toBeGreaterThan(0)
    await page
      .getByRole('button', {
        name: `Step 2, ${group.key}: ${formatCount(groupUsers)} users`,
        exact: true
      })
      .click()
    const panel = page.getByLabel('Funnel users')
    await expect(panel).toContainText(`Users who reached step 2 on ${group.key}`)
    await expect(panel).toContainText(`${formatCount(groupUsers)} users, by id`, FIRST_ANSWER)
    await expect(page).toHaveURL(new RegExp(`[?&]group=${encodeURIComponent(group.key)}`))

    const buckets = cli.steps[1]?.timeToConvert ?? []
    const bucketIndex = buckets.findIndex((bucket) => bucket.users > 0)
    const bucket = buckets[bucketIndex]
    if (!bucket) throw new Error('no time-to-convert bucket with users')
    await page
      .getByRole('button', {
        name: `${formatCount(bucket.users)} users took ${bucket.label} from step 1 to step 2`
      })
      .click()
    await expect(panel).toContainText(`Users who reached step 2`)
    await expect(panel).toContainText(`${formatCount(bucket.users)} users, by id`, FIRST_ANSWER)
    const cliUsers = await journeyJson<FunnelUsersResult>([
      'funnel',
      ...cliSteps,
      '--window',
      '14d',
      '--users',
      'reached',
      '--at-step',
      '2',
      '--time-bucket',
      String(bucketIndex + 1)
    ])
    expect(cliUsers.total).toBe(bucket.users)
    await expect(panel.getByRole('link').first()).toHaveText(String(cliUsers.userIds[0]))
    // The link reopens the same list.
    await page.reload()
    await expect(panel).toContainText(`${formatCount(bucket.users)} users, by id`, FIRST_ANSWER)
    await saveThemedScreenshots(page, 'funnels-drill-down', { wholeScreen: true })
  })
})

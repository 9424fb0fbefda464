import type { Page } from '@playwright/test'
import { formatCount } from '../../../src/shared/format'
import type { FlowResult, FlowUsersResult } from '../../../src/shared/journeys/results'
import { loadGeneratedDatabase } from '../support/generated-database'
import { journeyJson } from '../support/journey-cli'
import { saveThemedScreenshots } from '../support/screenshots'
import { useServerSource } from '../support/server-source'
import { expect, test } from '../support/web-app'

/** A first answer loads the data set (seconds on a busy machine), so it may take this long. */
const FIRST_ANSWER = { timeout: 90_000 }

const plural = (count: number, noun: string) =>
  `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`

/** From the home page (Overview), the top page "/" opens its flows, as a user would. */
async function openFlowsFromHome(page: Page): Promise<void> {
  const topPages = page.getByRole('table', { name: 'Top pages' })
  await topPages.getByRole('link', { name: '/', exact: true }).click(FIRST_ANSWER)
  await expect(page).toHaveURL(/#\/flows\?/)
  await expect(page.getByText(/sessions? viewed/)).toBeVisible(FIRST_ANSWER)
}

/**
 * The graph on screen has every node of `journey flows` with its sessions, then a click on the
 * heaviest edge to a named page lists its users as `journey flow-users` does, and the first user
 * opens their case file at the session that went that way.
 */
async function followAnEdgeToAUser(page: Page, cliSource: string[]): Promise<void> {
  const flowArgs = ['--from-page', '/', '--depth', '5', '--top', '8', ...cliSource]
  const flows = await journeyJson<FlowResult>(['flows', ...flowArgs])
  await expect(page.getByText(`${formatCount(flows.sessions)} sessions viewed`)).toBeVisible()
  const graph = page.getByRole('region', { name: 'Flows graph' })
  for (const node of flows.nodes) {
    await expect(
      graph.getByRole('button', {
        name: `Step ${String(node.step)}: ${node.page}, ${plural(node.sessions, 'session')}`,
        exact: true
      })
    ).toHaveCount(1)
  }
  const named = (id: string) => !/^\d+:\(/.test(id)
  const edge = flows.edges.find((e) => e.source === '0:/' && named(e.target))
  if (!edge) throw new Error('the flow from / has no edge to a named page')
  const target = flows.nodes.find((n) => n.id === edge.target)
  // The heaviest edges carry their count; clicking it selects the edge, as clicking the line does.
  await graph.getByTitle(new RegExp(`^/ → ${escape(target?.page ?? '')}: `)).click()
  await expect(page).toHaveURL(/[?&]edge=/)

  const users = await journeyJson<FlowUsersResult>([
    'flow-users',
    ...flowArgs,
    '--edge',
    `${edge.source}>${edge.target}`
  ])
  expect(users.total).toBe(edge.users)
  const panel = page.getByLabel('Flow users')
  await expect(panel).toContainText(`Users through / → ${target?.page ?? ''} (step 0 → 1)`)
  await expect(panel).toContainText(
    `${plural(users.total, 'user')} in ${plural(users.sessions, 'session')}`,
    FIRST_ANSWER
  )
  const first = users.users[0]
  if (!first) throw new Error('the edge has no users')
  const link = panel.getByRole('link', { name: String(first.userId), exact: true })
  await expect(panel.getByRole('link')).toHaveCount(Math.min(50, users.total))
  // Each user's name and email, as journey flow-users has them.
  expect(first.name).toBeTruthy()
  const firstRow = panel
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: String(first.userId), exact: true }) })
  await expect(firstRow).toContainText(first.name ?? '')
  await expect(firstRow).toContainText(first.email ?? '')
  await link.click()
  await expect(page).toHaveURL(
    new RegExp(`#/customers/${String(first.userId)}\\?.*session=${String(first.sessionIds[0])}`)
  )
  const customer = await journeyJson<{ user: { name: string } }>([
    'customer',
    String(first.userId),
    ...cliSource
  ])
  await expect(page.getByRole('heading', { level: 3, name: customer.user.name })).toBeVisible(
    FIRST_ANSWER
  )
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

test.describe('Flows screen', () => {
  test('says how many pages a step keeps by name, and when the graph budget kept fewer', async ({
    page,
    appUrl
  }) => {
    test.setTimeout(180_000)
    const origin = appUrl.split('#')[0] ?? appUrl
    await page.goto(appUrl)
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible()
    const flows = await journeyJson<FlowResult>([
      'flows',
      '--from-page',
      '/',
      '--depth',
      '10',
      '--top',
      '50'
    ])
    // On this data 50 pages a step would pass the budget: the engine keeps fewer.
    expect(flows.keptPerStep).toBeLessThan(50)
    await page.goto(`${origin}#/flows?source=demo&range=all&page=%2F&depth=10&top=50`)
    const folded = page.getByRole('alert', { name: 'Pages folded into (other)' })
    await expect(folded).toContainText(
      `Each step keeps its ${formatCount(flows.keptPerStep)} busiest pages by name, not the 50 asked for`,
      FIRST_ANSWER
    )
    await expect(
      page.getByText(`(other): pages beyond the top ${formatCount(flows.keptPerStep)} of a step`)
    ).toBeVisible()
    // Within the budget the top N asked for is kept, and nothing is said beyond the legend.
    await page.getByLabel('Top pages per step').fill('3')
    await page.getByLabel('Top pages per step').press('Enter')
    await expect(page.getByText('(other): pages beyond the top 3 of a step')).toBeVisible(
      FIRST_ANSWER
    )
    await expect(folded).toHaveCount(0)
  })

  test('from the home page: flows of /, an edge, its users, a case file (demo)', async ({
    page,
    appUrl
  }) => {
    test.setTimeout(180_000)
    await page.setViewportSize({ width: 1440, height: 1000 })
    await page.goto(appUrl)
    await openFlowsFromHome(page)
    await followAnEdgeToAUser(page, [])
  })

  test('the same on FerretDB loaded with generated data', async ({ page, appUrl, testServer }) => {
    test.setTimeout(300_000)
    const db = await loadGeneratedDatabase(testServer.uri, { users: 400, seed: 12, label: 'flows' })
    await page.goto(appUrl)
    await useServerSource(page, {
      uri: testServer.uri,
      database: db.database,
      name: 'Shop server'
    })
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('menuitem', { name: 'Overview' })
      .click()
    await openFlowsFromHome(page)
    await followAnEdgeToAUser(page, db.cliSource)
  })

  test('a reloaded link reopens the same flow and selection; light and dark', async ({
    page,
    appUrl
  }) => {
    test.setTimeout(180_000)
    const origin = appUrl.split('#')[0] ?? appUrl
    await page.setViewportSize({ width: 1440, height: 1000 })
    await page.goto(appUrl)
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible()
    const link = `${origin}#/flows?source=demo&range=all&page=%2Fcart&depth=4&top=6&node=1%3A%2Fcheckout`
    await page.goto(link)
    const node = page.getByRole('button', { name: /^Step 1: \/checkout, [\d,]+ sessions$/ })
    await expect(node).toHaveAttribute('aria-pressed', 'true', FIRST_ANSWER)
    await expect(page.getByLabel('Flow users')).toContainText('Users through /checkout (step 1)')
    await expect(page.getByLabel('Flow users')).toContainText(/[\d,]+ users? in/, FIRST_ANSWER)
    await page.reload()
    await expect(node).toHaveAttribute('aria-pressed', 'true', FIRST_ANSWER)
    await expect(page.getByLabel('Steps')).toHaveValue('4')
    await expect(page.getByLabel('Top pages per step')).toHaveValue('6')
    await expect(page.getByLabel('Flow users')).toContainText(/[\d,]+ users? in/, FIRST_ANSWER)
    await saveThemedScreenshots(page, 'flows', { wholeScreen: true })
    // Before a page: the chosen page is the last column, (entry) where sessions began.
    await page.getByText('Before a page', { exact: true }).click()
    await expect(page.getByRole('button', { name: /^Step 1: \(entry\), / })).toBeVisible(
      FIRST_ANSWER
    )
    await expect(page.getByLabel('Flow users')).toHaveCount(0)

    // The keyboard: Enter on a focused page, Space on a focused edge count, list their users.
    const entry = page.getByRole('button', { name: /^Step 1: \(entry\), / })
    await entry.focus()
    await page.keyboard.press('Enter')
    await expect(entry).toHaveAttribute('aria-pressed', 'true')
    await expect(page).toHaveURL(/[?&]node=/)
    await expect(page.getByLabel('Flow users')).toContainText(/[\d,]+ users? in/, FIRST_ANSWER)
    const edgeCount = page
      .getByRole('region', { name: 'Flows graph' })
      .getByRole('button', { name: /^Step \d+ .+ to step \d+ / })
      .first()
    await edgeCount.focus()
    await page.keyboard.press(' ')
    await expect(edgeCount).toHaveAttribute('aria-pressed', 'true')
    await expect(page).toHaveURL(/[?&]edge=/)
    await expect(page.getByLabel('Flow users')).toContainText(/[\d,]+ users? in/, FIRST_ANSWER)
  })
})

import { describe, expect, it } from 'vitest'
import {
  explainEmptyAnswer,
  type EmptyAnswerFacts
} from '../../../src/main/services/journeys/explain-empty-answer'

const emptyFunnel = { steps: [{ users: 0 }, { users: 0 }] }
const emptyFlows = { nodes: [], edges: [], sessions: 0 }
const emptyOverview = { days: [], totals: { users: 0 } }
const noCustomers = { customers: [], total: 0 }

function facts(overrides: Partial<EmptyAnswerFacts> = {}): EmptyAnswerFacts {
  return {
    where: 'database "shop" on db.example:27017',
    collections: () => Promise.resolve(['events', 'sessions', 'users']),
    deviceValues: () =>
      Promise.resolve({
        browsers: ['Chrome', 'Firefox', 'Safari'],
        operatingSystems: ['iOS', 'Windows']
      }),
    ...overrides
  }
}

describe('explainEmptyAnswer', () => {
  it('says which collection a database lacks, with what it has', async () => {
    const noEvents = facts({ collections: () => Promise.resolve(['orders', 'customers']) })
    for (const result of [emptyFunnel, emptyFlows, emptyOverview]) {
      expect((await explainEmptyAnswer({}, result, noEvents))?.toEnvelope()).toEqual({
        code: 'NOT_FOUND',
        message:
          'The database "shop" on db.example:27017 has no events collection, so there is nothing to count. Its collections: customers, orders. Check the database name, or load the data first.',
        details: {
          emptyAnswer: 'missing-collection',
          missingCollection: 'events',
          collections: ['orders', 'customers']
        }
      })
    }
    const empty = facts({ collections: () => Promise.resolve([]) })
    expect((await explainEmptyAnswer({}, noCustomers, empty))?.message).toBe(
      'The database "shop" on db.example:27017 has no users collection, so there is nothing to count. It has no collections at all. Check the database name, or load the data first.'
    )
  })

  it('names the browser or OS no session has, with the values there are', async () => {
    const chrome = await explainEmptyAnswer(
      { segment: { browsers: ['chrome'] } },
      emptyFunnel,
      facts()
    )
    expect(chrome?.code).toBe('NOT_FOUND')
    expect(chrome?.details).toEqual({
      emptyAnswer: 'unknown-device-value',
      field: 'browsers',
      unknown: ['chrome'],
      known: ['Chrome', 'Firefox', 'Safari']
    })
    expect(chrome?.message).toBe(
      'No session has browser "chrome": in the database "shop" on db.example:27017 the browsers are Chrome, Firefox, Safari. Values are case-sensitive: did you mean "Chrome"?'
    )
    const os = await explainEmptyAnswer(
      { segment: { operatingSystems: ['BeOS', 'Plan 9'] } },
      emptyOverview,
      facts()
    )
    expect(os?.message).toBe(
      'No session has OS "BeOS", "Plan 9": in the database "shop" on db.example:27017 the OS values are iOS, Windows.'
    )
  })

  it('points at a page without its leading slash', async () => {
    expect((await explainEmptyAnswer({ page: 'cart' }, emptyFlows, facts()))?.toEnvelope()).toEqual(
      {
        code: 'NOT_FOUND',
        message: 'No page view has page "cart": pages start with "/". Did you mean "/cart"?',
        details: { emptyAnswer: 'page-without-slash', page: 'cart' }
      }
    )
    const funnel = await explainEmptyAnswer(
      { steps: [{ eventType: 'PAGE_VIEW', pageUrl: 'product/*' }, { eventType: 'PURCHASE' }] },
      emptyFunnel,
      facts()
    )
    expect(funnel?.message).toBe(
      'No page view has page "product/*": pages start with "/". Did you mean "/product/*"?'
    )
  })

  it('says nothing when the answer is not empty, or empty for no fault of the query', async () => {
    const found = { steps: [{ users: 3 }, { users: 0 }] }
    expect(
      await explainEmptyAnswer({ segment: { browsers: ['chrome'] } }, found, facts())
    ).toBeNull()
    expect(await explainEmptyAnswer({ page: '/cart' }, emptyFlows, facts())).toBeNull()
    expect(
      await explainEmptyAnswer({ page: 'https://shop.example/cart' }, emptyFlows, facts())
    ).toBeNull()
    expect(
      await explainEmptyAnswer(
        { segment: { browsers: ['Chrome', 'chrome'] } },
        emptyFunnel,
        facts()
      )
    ).toBeNull()
    // An empty list filters nothing; a users list's `page` is its offset and limit, not a URL.
    expect(
      await explainEmptyAnswer(
        { segment: { browsers: [], operatingSystems: [] } },
        emptyFunnel,
        facts()
      )
    ).toBeNull()
    expect(
      await explainEmptyAnswer({ page: { offset: 0, limit: 50 } }, emptyFlows, facts())
    ).toBeNull()
    // Folders: no collections to list, no catalogue: nothing to say about devices either.
    const folder = facts({
      collections: () => Promise.resolve(null),
      deviceValues: () => Promise.resolve(null)
    })
    expect(
      await explainEmptyAnswer({ segment: { browsers: ['chrome'] } }, emptyFunnel, folder)
    ).toBeNull()
    expect(await explainEmptyAnswer({}, { customers: [{}], total: 1 }, facts())).toBeNull()
  })
})

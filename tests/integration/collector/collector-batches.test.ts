import { describe, expect, it } from 'vitest'
import { JourneysService } from '../../../src/main/services/journeys/journeys-service'
import { MAX_EVENTS_PER_BATCH } from '../../../src/shared/collector/collect-protocol'
import { TestVisit, clientId } from '../../helpers/collector/tracker-events'
import { postBatch, TEST_ORIGIN } from '../../helpers/collector/post-batch'
import { useCollector } from '../../helpers/collector/in-process-collector'
import { useTestDatabase } from '../../helpers/test-server/use-test-database'

/* The collector on the real test server: what it stores, what it refuses and why. */

const testDb = useTestDatabase()
const collector = useCollector(testDb)

const events = () => testDb.db.collection<{ _id: string }>('events')
const sessions = () => testDb.db.collection<{ _id: string }>('sessions')
const users = () => testDb.db.collection<{ _id: string }>('users')

describe('collector: storing batches', () => {
  it('writes users, sessions and events in the seed shape, and the case file reads them', async () => {
    const visit = new TestVisit()
    const start = visit.sessionStart('https://search.example/?q=phone')
    const home = visit.pageView('/', 'Home')
    visit.later(12_000)
    const category = visit.pageView('/electronics', 'Electronics')
    const homeTime = visit.pageDuration(home, 11.5)
    visit.later(20_000)
    const product = visit.pageView('/electronics/phones/aurora-x2')
    const categoryTime = visit.pageDuration(category, 19.25)
    const cart = visit.track('ADD_TO_CART', { productId: 'aurora-x2', quantity: 1 })
    visit.later(30_000)
    const identify = visit.identify('cust-ada', { name: 'Ada Lovelace', email: 'ada@example.com' })
    const purchase = visit.purchase('order-1', 499.9, 'EUR')
    const productTime = visit.pageDuration(product, 30.004)

    const first = await postBatch(collector.url, [start, home, category, homeTime])
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ received: 4, stored: 4, duplicates: 0, rejected: 0, errors: [] })
    const second = await postBatch(collector.url, [
      product,
      categoryTime,
      cart,
      identify,
      purchase,
      productTime
    ])
    expect(second.body).toEqual({ received: 6, stored: 6, duplicates: 0, rejected: 0, errors: [] })

    const at = (event: { timestamp: number }) => new Date(event.timestamp)
    expect(
      await users()
        .find({ _id: { $in: ['cust-ada', visit.anonymousId] } })
        .toArray()
    ).toEqual(
      expect.arrayContaining([
        {
          _id: 'cust-ada',
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          createdAt: at(identify),
          lastActiveAt: new Date(product.timestamp + 30_004),
          anonymousIds: [visit.anonymousId]
        },
        {
          _id: visit.anonymousId,
          createdAt: at(start),
          // The time on the product page was measured while still anonymous.
          lastActiveAt: new Date(product.timestamp + 30_004),
          mergedInto: 'cust-ada'
        }
      ])
    )
    expect(await sessions().findOne({ _id: visit.sessionId })).toEqual({
      _id: visit.sessionId,
      userId: 'cust-ada',
      startTime: at(start),
      endTime: new Date(product.timestamp + 30_004),
      deviceInfo: { browser: 'Safari', os: 'macOS' },
      ipAddress: '127.0.0.1'
    })
    const stored = await events().find({ sessionId: visit.sessionId }).toArray()
    const byId = new Map(stored.map((doc) => [doc._id, doc]))
    expect(stored).toHaveLength(6)
    const common = { sessionId: visit.sessionId, userId: 'cust-ada' }
    expect(byId.get(start.id)).toEqual({
      _id: start.id,
      ...common,
      eventType: 'SESSION_START',
      timestamp: at(start),
      metadata: { referrer: 'https://search.example/?q=phone' }
    })
    expect(byId.get(home.id)).toEqual({
      _id: home.id,
      ...common,
      eventType: 'PAGE_VIEW',
      timestamp: at(home),
      metadata: { pageUrl: '/', title: 'Home', duration: 11.5 }
    })
    expect(byId.get(product.id)).toEqual({
      _id: product.id,
      ...common,
      eventType: 'PAGE_VIEW',
      timestamp: at(product),
      metadata: { pageUrl: '/electronics/phones/aurora-x2', duration: 30.004 }
    })
    expect(byId.get(cart.id)).toMatchObject({
      eventType: 'ADD_TO_CART',
      metadata: { productId: 'aurora-x2', quantity: 1 }
    })
    expect(byId.get(purchase.id)).toEqual({
      _id: purchase.id,
      ...common,
      eventType: 'PURCHASE',
      timestamp: at(purchase),
      metadata: { orderId: 'order-1', amount: 499.9, currency: 'EUR' }
    })

    // The workbench's own reader (the reducer strategy on FerretDB) sees one complete visit.
    const journeys = new JourneysService({ demoFolder: '/nonexistent', allowUriSources: true })
    try {
      const caseFile = await journeys.customerCaseFile(
        {
          source: { kind: 'uri', uri: testDb.server.uri, database: testDb.name },
          userId: 'cust-ada',
          sessions: { offset: 0, limit: 20 }
        },
        { signal: new AbortController().signal, reportProgress: () => undefined }
      )
      expect(caseFile.totals).toMatchObject({
        sessions: 1,
        pageViews: 3,
        purchases: 1,
        amountSpent: [{ currency: 'EUR', amount: 499.9 }],
        secondsOnPages: 11.5 + 19.25 + 30.004
      })
      const pages = caseFile.sessions[0]?.events
        .filter((event) => event.eventType === 'PAGE_VIEW')
        .map((event) => [event.metadata?.pageUrl, event.metadata?.duration])
      expect(pages).toEqual([
        ['/', 11.5],
        ['/electronics', 19.25],
        ['/electronics/phones/aurora-x2', 30.004]
      ])
    } finally {
      await journeys.close()
    }
  })

  it('stores each event of a batch sent twice once', async () => {
    const visit = new TestVisit()
    const view = visit.pageView('/deals')
    const batch = [
      visit.sessionStart(),
      view,
      visit.track('SEARCH', { query: 'usb cable' }),
      visit.pageDuration(view, 3)
    ]
    const first = await postBatch(collector.url, batch)
    const again = await postBatch(collector.url, batch)
    expect(first.body).toEqual({ received: 4, stored: 4, duplicates: 0, rejected: 0, errors: [] })
    expect(again.body).toEqual({ received: 4, stored: 0, duplicates: 4, rejected: 0, errors: [] })
    expect(await events().countDocuments({ sessionId: visit.sessionId })).toBe(3)
    expect(await sessions().countDocuments({ _id: visit.sessionId })).toBe(1)

    // Sent again with the visitor's longer time on that page: only the time changes.
    const longer = await postBatch(collector.url, [
      ...batch.slice(0, 3),
      visit.pageDuration(view, 9)
    ])
    expect(longer.body).toEqual({ received: 4, stored: 1, duplicates: 3, rejected: 0, errors: [] })
    expect(await events().findOne({ _id: view.id })).toMatchObject({
      metadata: { pageUrl: '/deals', duration: 9 }
    })
  })

  it('rejects a malformed event with its reason and stores the valid ones of its batch', async () => {
    const visit = new TestVisit()
    const good = [visit.sessionStart(), visit.pageView('/cart')]
    const badAmount = { ...visit.purchase('order-2', -5, 'eur') }
    const badType = visit.track('page_view!', { $where: 1 })
    const notAnEvent = 'PAGE_VIEW /cart'
    const noKind = { id: clientId(), timestamp: Date.now() }
    const future = visit.pageView('/later')
    future.timestamp = Date.now() + 24 * 3600_000
    const reply = await postBatch(collector.url, [
      good[0],
      badAmount,
      badType,
      good[1],
      notAnEvent,
      noKind,
      future
    ])
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({
      received: 7,
      stored: 2,
      duplicates: 0,
      rejected: 5,
      errors: [
        {
          index: 1,
          id: badAmount.id,
          reason:
            'amount: Too small: expected number to be >=0; currency: must be a three-letter ISO 4217 code such as EUR'
        },
        {
          index: 2,
          id: badType.id,
          reason:
            'eventType: must be upper-case letters, digits and _ (e.g. ADD_TO_CART); metadata.$where: keys are letters, digits and _ (no $ or .)'
        },
        { index: 4, reason: 'an event must be a JSON object' },
        {
          index: 5,
          id: noKind.id,
          reason:
            'kind: kind must be one of session_start, page_view, page_duration, purchase, identify, track'
        },
        {
          index: 6,
          id: future.id,
          reason: `timestamp: ${new Date(future.timestamp).toISOString()} is in the future (the sender's clock is ahead)`
        }
      ]
    })
    const stored = await events().find({ sessionId: visit.sessionId }).toArray()
    expect(stored.map((doc) => doc._id).sort()).toEqual(good.map((event) => event.id).sort())
  })

  it('puts time on page on its page view even when the time arrives first', async () => {
    const visit = new TestVisit()
    const view = visit.pageView('/checkout', 'Checkout')
    const early = await postBatch(collector.url, [visit.pageDuration(view, 7.5)])
    expect(early.body).toMatchObject({ stored: 1, duplicates: 0 })
    const late = await postBatch(collector.url, [view, visit.pageDuration(view, 2)])
    expect(late.body).toMatchObject({ stored: 0, duplicates: 2 })
    expect(await events().find({ sessionId: visit.sessionId }).toArray()).toEqual([
      {
        _id: view.id,
        sessionId: visit.sessionId,
        userId: visit.anonymousId,
        eventType: 'PAGE_VIEW',
        timestamp: new Date(view.timestamp),
        metadata: { pageUrl: '/checkout', title: 'Checkout', duration: 7.5 }
      }
    ])
  })

  it('moves an anonymous visitor to the known user, also for events that arrive late', async () => {
    const visit = new TestVisit()
    const early = [visit.sessionStart(), visit.pageView('/')]
    await postBatch(collector.url, early)
    const lateAnonymous = visit.pageView('/account')
    const identify = visit.identify('cust-grace', { email: 'grace@example.com' })
    expect((await postBatch(collector.url, [identify])).body).toMatchObject({ stored: 1 })
    expect((await postBatch(collector.url, [lateAnonymous])).body).toMatchObject({ stored: 1 })
    const stored = await events().find({ sessionId: visit.sessionId }).toArray()
    expect(stored).toHaveLength(3)
    expect(new Set(stored.map((doc) => (doc as { userId?: string }).userId))).toEqual(
      new Set(['cust-grace'])
    )
    expect(await sessions().findOne({ _id: visit.sessionId })).toMatchObject({
      userId: 'cust-grace'
    })
    expect(await users().findOne({ _id: 'cust-grace' })).toMatchObject({
      email: 'grace@example.com',
      anonymousIds: [visit.anonymousId]
    })
    expect((await postBatch(collector.url, [identify])).body).toMatchObject({
      stored: 0,
      duplicates: 1
    })
  })
})

describe('collector: refusals', () => {
  it('answers a body over the limit with 413 and a batch over the event limit with 413', async () => {
    const visit = new TestVisit()
    const big = visit.track('NOTE', { text: 'x'.repeat(1000) })
    const oversized = await postBatch(
      collector.url,
      Array.from({ length: 70 }, () => big)
    )
    expect(oversized.status).toBe(413)
    expect(oversized.body).toEqual({ error: 'The body is larger than 65536 bytes.' })
    const tooMany = await postBatch(
      collector.url,
      Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => visit.pageView('/'))
    )
    expect(tooMany.status).toBe(413)
    expect(tooMany.body).toEqual({
      error: `A batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${MAX_EVENTS_PER_BATCH + 1}.`
    })
    expect(await events().countDocuments({ sessionId: visit.sessionId })).toBe(0)
  })

  it('answers an unknown site key, a foreign origin or no origin with 403', async () => {
    const visit = new TestVisit()
    const batch = [visit.pageView('/')]
    const unknownSite = await postBatch(collector.url, batch, { site: 'other-shop' })
    expect(unknownSite.status).toBe(403)
    expect(unknownSite.body).toEqual({ error: 'Unknown site key "other-shop".' })
    const noSite = await postBatch(collector.url, batch, { site: null })
    expect(noSite.status).toBe(403)
    expect(noSite.body).toEqual({ error: 'Name the site: ?site=<site key>.' })
    const foreign = await postBatch(collector.url, batch, { origin: 'http://evil.test' })
    expect(foreign.status).toBe(403)
    expect(foreign.body).toEqual({
      error: 'Origin http://evil.test may not send events for site "shop".'
    })
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
    const noOrigin = await postBatch(collector.url, batch, { origin: null })
    expect(noOrigin.status).toBe(403)
    expect(await events().countDocuments({ sessionId: visit.sessionId })).toBe(0)

    const allowed = await postBatch(collector.url, batch)
    expect(allowed.status).toBe(200)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN)
  })

  it('answers a body that is not a batch with 400 and an unknown content type with 415', async () => {
    const notJson = await postBatch(collector.url, [], { rawBody: '{"sentAt": 1, "events": [' })
    expect(notJson.status).toBe(400)
    expect(String(notJson.body.error)).toMatch(/^The body is not JSON: /)
    const notBatch = await postBatch(collector.url, [], { rawBody: '{"events": []}' })
    expect(notBatch.status).toBe(400)
    expect(notBatch.body).toEqual({
      error:
        'Not a batch: sentAt: Invalid input: expected number, received undefined; events: a batch has at least one event'
    })
    const form = await postBatch(collector.url, [], {
      contentType: 'application/x-www-form-urlencoded',
      rawBody: 'a=1'
    })
    expect(form.status).toBe(415)
  })

  it('answers health and readiness, and sets security headers', async () => {
    const health = await fetch(`${collector.url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    const ready = await fetch(`${collector.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ ready: true })
    expect(ready.headers.get('x-content-type-options')).toBe('nosniff')
    expect(ready.headers.get('x-powered-by')).toBeNull()
  })

  it('serves the built tracker to other origins, and answers a CORS preflight', async () => {
    const script = await fetch(`${collector.url}/tracker.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toMatch(/^application\/javascript/)
    expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(await script.text()).toContain('journey')
    const preflight = await fetch(`${collector.url}/v1/collect?site=shop`, {
      method: 'OPTIONS',
      headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'POST' }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN)
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST')
    const foreign = await fetch(`${collector.url}/v1/collect?site=shop`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' }
    })
    expect(foreign.status).toBe(403)
  })

  it('has created the recommended indexes', async () => {
    const indexNames = async (collection: string): Promise<string[]> =>
      (await testDb.db.collection(collection).listIndexes().toArray()).map((index) =>
        String((index as { name?: unknown }).name)
      )
    const names = await indexNames('events')
    expect(names).toEqual(
      expect.arrayContaining([
        'userId_1_timestamp_1__id_1',
        'sessionId_1_timestamp_1__id_1',
        'eventType_1_timestamp_1'
      ])
    )
    expect(await indexNames('sessions')).toContain('userId_1_startTime_-1')
  })
})

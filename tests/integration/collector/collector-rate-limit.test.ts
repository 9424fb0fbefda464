import { describe, expect, it } from 'vitest'
import { TestVisit } from '../../helpers/collector/tracker-events'
import { postBatch } from '../../helpers/collector/post-batch'
import { useCollector } from '../../helpers/collector/in-process-collector'
import { useTestDatabase } from '../../helpers/test-server/use-test-database'

const testDb = useTestDatabase()
const collector = useCollector(testDb, { rateLimit: { limit: 3, windowMs: 60_000 } })

describe('collector: rate per client', () => {
  it('answers a client over its rate with 429 and Retry-After, storing nothing of that batch', async () => {
    const visit = new TestVisit()
    for (let i = 0; i < 3; i++) {
      expect((await postBatch(collector.url, [visit.pageView(`/page-${i}`)])).status).toBe(200)
    }
    const over = visit.pageView('/one-too-many')
    const refused = await postBatch(collector.url, [over])
    expect(refused.status).toBe(429)
    expect(refused.body).toEqual({
      error:
        'Too many requests: at most 3 per minute from one client. Send again after the Retry-After seconds.'
    })
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(
      await testDb.db.collection('events').countDocuments({ sessionId: visit.sessionId })
    ).toBe(3)
    // Another site's key is another client: its own budget (and here, an unknown site: 403 first).
    expect((await postBatch(collector.url, [over], { site: 'elsewhere' })).status).toBe(403)
  })
})

import { describe, expect, it } from 'vitest'
import { BatchWriter } from '../../../src/collector/batch-writer'
import { writeBatches, type BatchJob } from '../../../src/collector/write-batch'
import { trackerEventSchema } from '../../../src/shared/collector/tracker-events'
import type { TrackerEventInput } from '../../../src/shared/collector/tracker-events'
import { TestVisit } from '../../helpers/collector/tracker-events'
import { useTestDatabase } from '../../helpers/test-server/use-test-database'

/* Group commit: several batches written in one round keep their own counts and lose nothing. */

const testDb = useTestDatabase()
const origin = { deviceInfo: { browser: 'Firefox', os: 'Linux' }, ipAddress: '192.0.2.1' }
const job = (events: TrackerEventInput[]): BatchJob => ({
  events: events.map((event) => trackerEventSchema.parse(event)),
  origin
})

describe('collector: batches written together', () => {
  it('counts per batch when batches of one round share events, pages and times', async () => {
    const visit = new TestVisit()
    const start = visit.sessionStart()
    const view = visit.pageView('/deals')
    visit.later(5000)
    const next = visit.pageView('/cart')
    // The same events twice (a beacon and a resend arriving together), and a page's time sent in
    // another batch than its page view.
    const counts = await writeBatches(testDb.db, [
      job([start, view]),
      job([start, view, visit.pageDuration(view, 4)]),
      job([next, visit.pageDuration(view, 5)])
    ])
    expect(counts).toEqual([
      { stored: 2, duplicates: 0 },
      { stored: 1, duplicates: 2 },
      { stored: 2, duplicates: 0 }
    ])
    const events = testDb.db.collection<{ _id: string }>('events')
    expect(await events.countDocuments({ sessionId: visit.sessionId })).toBe(3)
    expect(await events.findOne({ _id: view.id })).toMatchObject({ metadata: { duration: 5 } })
    expect(
      await testDb.db.collection('sessions').findOne({ _id: visit.sessionId } as object)
    ).toMatchObject({
      startTime: new Date(start.timestamp),
      endTime: new Date(next.timestamp),
      deviceInfo: origin.deviceInfo
    })
  })

  it('answers every batch of a busy writer, each with its own counts', async () => {
    const writer = new BatchWriter(testDb.db, { maxEventsPerRound: 40, concurrentRounds: 2 })
    const visits = Array.from({ length: 12 }, () => new TestVisit())
    const batches = visits.map((visit) => [
      visit.sessionStart(),
      ...Array.from({ length: 9 }, (_, i) => visit.pageView(`/p/${i}`))
    ])
    const results = await Promise.all(batches.map((events) => writer.write(job(events))))
    expect(results).toEqual(batches.map(() => ({ stored: 10, duplicates: 0 })))
    const again = await Promise.all(batches.map((events) => writer.write(job(events))))
    expect(again).toEqual(batches.map(() => ({ stored: 0, duplicates: 10 })))
    const ids = batches.flat().map((event) => event.id)
    expect(
      await testDb.db.collection<{ _id: string }>('events').countDocuments({ _id: { $in: ids } })
    ).toBe(120)
  })
})

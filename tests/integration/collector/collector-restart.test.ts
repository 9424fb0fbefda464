import { describe, expect, it } from 'vitest'
import { spawnCollector, type CollectorProcess } from '../../helpers/collector/collector-process'
import { postBatch, TEST_ORIGIN, TEST_SITE } from '../../helpers/collector/post-batch'
import { TestVisit } from '../../helpers/collector/tracker-events'
import { useTestDatabase } from '../../helpers/test-server/use-test-database'

/*
 * The collector as a child process, stopped while clients are sending: gracefully (SIGTERM: the
 * batches in flight are finished and answered) and abruptly (SIGKILL). Clients send each batch
 * until it is acknowledged, as the tracker does. Afterwards every acknowledged event must be in the
 * database, once.
 */

const testDb = useTestDatabase()

const CLIENTS = 4
const EVENTS_PER_BATCH = 50

interface Target {
  url: string
}

/** A client like the tracker: one batch at a time, each sent again until a 200 acknowledges it. */
async function runClient(
  target: Target,
  shouldStop: () => boolean,
  acknowledged: Set<string>,
  sent: Set<string>,
  onAcknowledged: () => void
): Promise<void> {
  const visit = new TestVisit()
  while (!shouldStop()) {
    const batch = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => {
      visit.later(1)
      return i === 0 ? visit.sessionStart() : visit.pageView(`/page/${i}`)
    })
    for (const event of batch) sent.add(event.id)
    for (let attempt = 0; ; attempt++) {
      try {
        const reply = await postBatch(target.url, batch)
        if (reply.status === 200) {
          expect(Number(reply.body.stored) + Number(reply.body.duplicates)).toBe(EVENTS_PER_BATCH)
          for (const event of batch) acknowledged.add(event.id)
          onAcknowledged()
          break
        }
        expect(reply.status).toBe(503) // shutting down: not acknowledged, send again
      } catch {
        // connection refused or reset while the collector is down: send again
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, 10 * (attempt + 1))))
    }
  }
}

describe('collector: stopped mid-batch and restarted', () => {
  it('loses no acknowledged event when stopped gracefully or killed', async () => {
    const args = [
      '--uri',
      testDb.server.uri,
      '--db',
      testDb.name,
      '--site',
      `${TEST_SITE}=${TEST_ORIGIN}`,
      '--rate-limit',
      '100000/min'
    ]
    let collector: CollectorProcess = await spawnCollector(args)
    const target: Target = { url: collector.url }
    const acknowledged = new Set<string>()
    const sent = new Set<string>()
    let batches = 0
    let waiter: { count: number; wake: () => void } | undefined
    const acknowledgedBatches = (count: number): Promise<void> =>
      new Promise((resolve) => {
        if (batches >= count) resolve()
        else waiter = { count, wake: resolve }
      })
    let stopping = false
    const clients = Array.from({ length: CLIENTS }, () =>
      runClient(
        target,
        () => stopping,
        acknowledged,
        sent,
        () => {
          batches++
          if (waiter && batches >= waiter.count) {
            waiter.wake()
            waiter = undefined
          }
        }
      )
    )

    try {
      // Graceful stops until one of them caught batches in flight (almost always the first).
      const graceful: Record<string, unknown>[] = []
      for (let round = 1; round <= 5; round++) {
        await acknowledgedBatches(batches + 10)
        collector.process.child.kill('SIGTERM')
        expect(await collector.exited).toBe(0)
        const stopLines = collector
          .logLines()
          .filter((line) => line.message === 'stopping' || line.message === 'stopped')
        graceful.push(...stopLines)
        const stoppingLine = stopLines.find((line) => line.message === 'stopping')
        const stoppedLine = stopLines.find((line) => line.message === 'stopped')
        expect(stoppedLine?.batchesFinished).toBe(stoppingLine?.batchesInFlight)
        collector = await spawnCollector(args)
        target.url = collector.url
        if (Number(stoppingLine?.batchesInFlight) > 0) break
      }
      expect(
        graceful.some((line) => line.message === 'stopping' && Number(line.batchesInFlight) > 0)
      ).toBe(true)

      // Killed outright: whatever was acknowledged before must be there; the rest is sent again.
      await acknowledgedBatches(batches + 10)
      collector.process.child.kill('SIGKILL')
      expect(await collector.exited).toBe('SIGKILL')
      const acknowledgedBeforeKill = [...acknowledged]
      const afterKill = await testDb.db
        .collection('events')
        .countDocuments({ _id: { $in: acknowledgedBeforeKill } } as object)
      expect(afterKill).toBe(acknowledgedBeforeKill.length)
      collector = await spawnCollector(args)
      target.url = collector.url

      await acknowledgedBatches(batches + 10)
      stopping = true
      await Promise.all(clients)
    } finally {
      stopping = true
      collector.process.child.kill('SIGTERM')
      await collector.exited
    }

    expect(acknowledged.size).toBe(sent.size)
    const storedIds = await testDb.db
      .collection<{ _id: string }>('events')
      .find({}, { projection: { _id: 1 } })
      .toArray()
    const stored = new Set(storedIds.map((doc) => doc._id))
    expect(storedIds.length).toBe(stored.size)
    expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([])
    expect(stored.size).toBe(sent.size)
  })
})

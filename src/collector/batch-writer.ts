import type { Db } from 'mongodb'
import { writeBatches, type BatchJob, type BatchWriteCounts } from './write-batch'

interface Waiting {
  job: BatchJob
  resolve: (counts: BatchWriteCounts) => void
  reject: (error: unknown) => void
}

/**
 * Group commit: batches that arrive while a round of writes is running wait and go together in
 * the next round, so a busy collector makes one insert for many batches instead of one each
 * (FerretDB commits every write command on its own). An idle collector writes a batch at once.
 * Each batch's promise settles when its round is acknowledged; a failed round fails all its
 * batches (their clients send them again, which is safe).
 */
export class BatchWriter {
  private readonly waiting: Waiting[] = []
  private running = 0

  constructor(
    private readonly db: Db,
    private readonly options: { maxEventsPerRound: number; concurrentRounds: number } = {
      maxEventsPerRound: 2_000,
      concurrentRounds: 2
    }
  ) {}

  write(job: BatchJob): Promise<BatchWriteCounts> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject })
      this.startRound()
    })
  }

  private startRound(): void {
    if (this.running >= this.options.concurrentRounds || this.waiting.length === 0) return
    const round: Waiting[] = []
    let events = 0
    while (this.waiting.length > 0) {
      const next = this.waiting[0] as Waiting
      if (round.length > 0 && events + next.job.events.length > this.options.maxEventsPerRound)
        break
      round.push(next)
      this.waiting.shift()
      events += next.job.events.length
    }
    this.running++
    writeBatches(
      this.db,
      round.map((waiting) => waiting.job)
    )
      .then(
        (counts) => {
          round.forEach((waiting, i) => {
            waiting.resolve(counts[i] ?? { stored: 0, duplicates: 0 })
          })
        },
        (error: unknown) => {
          for (const waiting of round) waiting.reject(error)
        }
      )
      .finally(() => {
        this.running--
        this.startRound()
      })
  }
}

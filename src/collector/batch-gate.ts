/**
 * Counts the batches being written, so a shutdown can stop taking new ones and wait for the rest:
 * a batch that was let in is always finished and answered.
 */
export class BatchGate {
  private inFlight = 0
  private closing = false
  private waiters: (() => void)[] = []

  get draining(): boolean {
    return this.closing
  }

  get active(): number {
    return this.inFlight
  }

  /** False once draining: the caller must turn the batch away (503, send again later). */
  enter(): boolean {
    if (this.closing) return false
    this.inFlight++
    return true
  }

  leave(): void {
    this.inFlight--
    if (this.inFlight === 0) for (const wake of this.waiters.splice(0)) wake()
  }

  /** Stops letting batches in; resolves once those in flight have left. */
  drain(): Promise<void> {
    this.closing = true
    if (this.inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }
}

import { AppError } from '../../../shared/errors'
import type { CallContext } from '../../../shared/rpc/contract'

/** How long a loop may hold the event loop before it lets cancellation and progress through. */
const SLICE_MS = 40

/**
 * Lets a long in-memory loop be cancelled and report progress. Loops call `tick(done)` every few
 * thousand items; about every 40 ms it yields to the event loop (so an abort can arrive), reports
 * progress, and throws CANCELLED once the signal is aborted.
 */
export class WorkTicker {
  private sliceStart = performance.now()

  constructor(
    private readonly context: CallContext,
    private readonly phase: string,
    private readonly total: number
  ) {
    this.throwIfCancelled()
  }

  async tick(done: number): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return
    await new Promise<void>((resolve) => setImmediate(resolve))
    this.throwIfCancelled()
    this.context.reportProgress({ phase: this.phase, done, total: this.total })
    this.sliceStart = performance.now()
  }

  throwIfCancelled(): void {
    if (this.context.signal.aborted) throw new AppError('CANCELLED', 'Cancelled')
  }
}

import type { CallContext, Progress } from '../../../shared/rpc/contract'
import { PROGRESS_INTERVAL_MS } from '../../export/write-csv'

/**
 * A call context whose progress reports reach the caller at most every PROGRESS_INTERVAL_MS (four
 * a second), whoever sends them (the engine while it reads, the writer while it writes). `flush`
 * sends the last report held back, so the final count is never lost.
 */
export function throttledContext(context: CallContext): CallContext & { flush(): void } {
  let lastSentAt = Number.NEGATIVE_INFINITY
  let held: Progress | null = null
  return {
    signal: context.signal,
    reportProgress(progress) {
      const now = performance.now()
      if (now - lastSentAt >= PROGRESS_INTERVAL_MS) {
        lastSentAt = now
        held = null
        context.reportProgress(progress)
      } else {
        held = progress
      }
    },
    flush() {
      if (held) context.reportProgress(held)
      held = null
      lastSentAt = performance.now()
    }
  }
}

import { EXPORT_WRITING_PHASE } from '../../../shared/export/export-results'
import type { CallContext, Progress } from '../../../shared/rpc/contract'
import { PROGRESS_INTERVAL_MS } from '../../export/write-csv'

/**
 * A call context whose progress reports reach the caller at most every PROGRESS_INTERVAL_MS (four
 * a second), whoever sends them (the engine while it reads, the writer while it writes). Once rows
 * are being written, only the writer's reports pass: rows written and their rate are what a
 * person follows, not the engine's own counters. `flush` sends the last report held back, so the
 * final count is never lost.
 */
export function throttledContext(context: CallContext): CallContext & { flush(): void } {
  let lastSentAt = Number.NEGATIVE_INFINITY
  let held: Progress | null = null
  let writing = false
  return {
    signal: context.signal,
    reportProgress(progress) {
      if (progress.phase === EXPORT_WRITING_PHASE) writing = true
      else if (writing) return
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

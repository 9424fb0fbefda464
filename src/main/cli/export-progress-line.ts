import {
  ExportProgressTracker,
  formatRows,
  formatRowsPerSecond
} from '../../shared/export/export-progress'
import { formatCount } from '../../shared/format'
import type { Progress } from '../../shared/rpc/contract'

const BAR_WIDTH = 24

/** `[#########---------------]  37 %` for a phase whose total is known. */
function bar(done: number, total: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 0
  const filled = Math.round(share * BAR_WIDTH)
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)} %`
}

/**
 * The progress line of `journey export` on a terminal: a bar while the engine works through a
 * known total, then rows written and the rate while the file is written.
 */
export function exportProgressLine(
  now: () => number = () => performance.now()
): (progress: Progress) => string {
  const tracker = new ExportProgressTracker()
  return (progress) => {
    const view = tracker.view(progress, now())
    if (view.writing) {
      const rate = view.rowsPerSecond === null ? '' : `  ${formatRowsPerSecond(view.rowsPerSecond)}`
      return `Writing ${formatRows(view.done)}${rate}`
    }
    if (view.total !== undefined && view.total > 0) {
      return `${view.phase} ${bar(view.done, view.total)}  ${formatCount(view.done)} / ${formatCount(view.total)}`
    }
    return `${view.phase}: ${formatCount(view.done)}`
  }
}

import { formatCount } from '../format/count'
import type { Progress } from '../rpc/contract'
import { EXPORT_WRITING_PHASE } from './export-results'

/** What a person sees of a running export: the phase, rows written and the rate. */
export interface ExportProgressView {
  phase: string
  /** Rows written (the writing phase), or the phase's own count. */
  done: number
  total?: number
  writing: boolean
  /** Rows per second since writing began; null before a rate can be told (under half a second). */
  rowsPerSecond: number | null
}

/**
 * Turns progress reports into what the dialog and the command line show. Feed every report with
 * the time it arrived (ms); the rate is rows written over the time since the first writing report.
 */
export class ExportProgressTracker {
  private writingSince: number | null = null
  private firstRows = 0

  view(progress: Progress, nowMs: number): ExportProgressView {
    const writing = progress.phase === EXPORT_WRITING_PHASE
    if (writing && this.writingSince === null) {
      this.writingSince = nowMs
      this.firstRows = progress.done
    }
    const elapsedMs = this.writingSince === null ? 0 : nowMs - this.writingSince
    const view: ExportProgressView = {
      phase: progress.phase,
      done: progress.done,
      writing,
      rowsPerSecond:
        writing && elapsedMs >= 500 ? ((progress.done - this.firstRows) * 1000) / elapsedMs : null
    }
    if (progress.total !== undefined) view.total = progress.total
    return view
  }
}

/** `45,678 rows/s`. */
export function formatRowsPerSecond(rowsPerSecond: number): string {
  return `${formatCount(rowsPerSecond)} rows/s`
}

/** `1,234 rows`, `1 row`. */
export function formatRows(rows: number): string {
  return `${formatCount(rows)} row${rows === 1 ? '' : 's'}`
}

/** `12.3 MB`: bytes for people (powers of 1000, as file managers show them). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  const text = unit === 0 ? String(value) : value.toFixed(value < 10 ? 1 : 0)
  return `${text} ${units[unit] ?? 'bytes'}`
}

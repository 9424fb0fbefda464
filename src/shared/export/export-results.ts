/** One column an export can write: its key (for `CsvOptions.columns`) and its header text. */
export interface ExportColumn {
  key: string
  header: string
}

/** What an export will write, for the dialog. */
export interface ExportPreview {
  columns: ExportColumn[]
  /** A file name for the save dialog or the download, e.g. `funnel-dropped-step-3.csv`. */
  fileName: string
  /** Caveats known before writing (e.g. columns sampled from the first documents). */
  notes: string[]
}

/** A finished export. */
export interface ExportResult {
  /** Data rows written (the header not counted). */
  rowsWritten: number
  bytesWritten: number
  fileName: string
  /** Where the file is (desktop and command line); absent for browser downloads. */
  path?: string
  durationMs: number
  /**
   * Things the reader of the file must know: more rows than Excel shows, users whose events were
   * capped, fields that were not among the columns. Never silent.
   */
  warnings: string[]
}

/** The outcome of a desktop "Save as": the file, or the person closed the dialog. */
export type SaveAsOutcome = { status: 'saved'; result: ExportResult } | { status: 'dismissed' }

/** A one-time link for a browser download (web mode). */
export interface DownloadTicket {
  /** Random, single-use; valid until `expiresAt`. */
  downloadId: string
  /** Relative URL the browser GETs to receive the file. */
  url: string
  expiresAt: Date
}

/** The progress phase of an export while rows are written (`done` = rows written so far). */
export const EXPORT_WRITING_PHASE = 'Writing rows'

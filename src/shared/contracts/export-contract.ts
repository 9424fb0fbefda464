import { z } from 'zod'
import { defineService, method } from '../rpc/contract'
import {
  csvOptionsSchema,
  exportFileNameSchema,
  exportRequestSchema
} from '../export/export-request'
import type {
  DownloadTicket,
  ExportPreview,
  ExportResult,
  SaveAsOutcome
} from '../export/export-results'

const exportJobSchema = z.object({
  request: exportRequestSchema,
  options: csvOptionsSchema.default({ bom: false, formulaGuard: true }),
  /** Suggested file name; the export's own name when absent. */
  fileName: exportFileNameSchema.optional()
})

/**
 * CSV exports of every result, streamed from the database to the file. Desktop saves through the
 * native save dialog (`saveAs`); web mode downloads through a one-time link (`createDownload`, then
 * `watchDownload` for progress and cancel while the browser receives the file).
 */
export const exportContract = defineService('export', {
  preview: method<ExportPreview>()(
    z.object({ request: exportRequestSchema }),
    'The columns an export can write and its file name, for the export dialog.'
  ),
  saveAs: method<SaveAsOutcome>()(
    exportJobSchema,
    'Desktop: asks where to save (native dialog), then writes the CSV with progress.'
  ),
  createDownload: method<DownloadTicket>()(
    exportJobSchema,
    'Web mode: a one-time, short-lived link the browser GETs to download the CSV.'
  ),
  watchDownload: method<ExportResult>()(
    z.object({ downloadId: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/) }),
    'Web mode: progress of a download until it ends; cancelling it stops the download.'
  )
})

export type ExportContract = typeof exportContract

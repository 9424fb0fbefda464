import type { Writable } from 'node:stream'
import { basename } from 'node:path'
import type { ExportContract } from '../../../shared/contracts/export-contract'
import { AppError } from '../../../shared/errors'
import {
  EXCEL_MAX_ROWS,
  type CsvOptions,
  type ExportRequest
} from '../../../shared/export/export-request'
import {
  EXPORT_WRITING_PHASE,
  type DownloadTicket,
  type ExportPreview,
  type ExportResult,
  type SaveAsOutcome
} from '../../../shared/export/export-results'
import type { CallContext, ServiceImplementation } from '../../../shared/rpc/contract'
import { writeCsv, type CsvWritten, type WriteCsvInput } from '../../export/write-csv'
import { writeCsvFile } from '../../export/write-csv-file'
import type { JourneysService } from '../journeys/journeys-service'
import { DownloadRegistry, type DownloadEntry } from './download-registry'
import { describeExportFailure, type ExportDestination } from './export-failure'
import { exportKindOf } from './export-kinds'
import { throttledContext } from './export-progress'
import type { SaveDialog } from './save-dialog'

/** One export as the service runs it: what, how, and the file name to offer. */
export interface ExportJob {
  request: ExportRequest
  options: CsvOptions
  fileName?: string | undefined
}

export interface ExportServiceOptions {
  /** Engines (and their clients) are the journeys service's, shared. */
  journeys: Pick<JourneysService, 'engineFor'>
  /** Desktop: the native save dialog (the shell's). Without it, `saveAs` is unsupported. */
  saveDialog?: SaveDialog
  /** Web mode: one-time download links. Without it, downloads are unsupported. */
  downloads?: DownloadRegistry<ExportJob>
}

/** What the web bridge gives a download: the response, once the export knows it can start. */
export interface DownloadSink {
  /** Sends the headers (status 200, file name) and returns the body to write the CSV into. */
  begin(fileName: string): Writable
}

/**
 * CSV exports (issue 8): every kind of result, streamed row by row from the engine's row sources
 * (or its bounded array results) through csv-stringify into a file, standard output or an HTTP
 * download, with backpressure, progress at most four times a second, and cancellation that closes
 * the cursor. Files are written as `NAME.csv.partial` and renamed when complete.
 */
export class ExportService implements ServiceImplementation<ExportContract> {
  constructor(private readonly options: ExportServiceOptions) {}

  /** The columns an export can write and its file name, for the export dialog. */
  async preview(input: { request: ExportRequest }, context: CallContext): Promise<ExportPreview> {
    const { request } = input
    const kind = exportKindOf(request)
    const { engine } = await this.options.journeys.engineFor(request.source, context)
    return {
      columns: await kind.columns(request, engine, context),
      fileName: kind.fileName(request),
      notes: kind.previewNotes?.(request) ?? []
    }
  }

  /** Desktop: asks where to save with the native dialog, then writes the file. */
  async saveAs(job: ExportJob, context: CallContext): Promise<SaveAsOutcome> {
    const dialog = this.options.saveDialog
    if (!dialog) {
      throw new AppError(
        'UNSUPPORTED',
        'Saving to a file is for the desktop app; web mode downloads.'
      )
    }
    const path = await dialog.chooseCsvPath(this.fileNameOf(job))
    if (path === null) return { status: 'dismissed' }
    return { status: 'saved', result: await this.exportToFile(job, path, context) }
  }

  /** Web mode: a one-time link (valid DOWNLOAD_TTL_MS) the browser GETs to receive the CSV. */
  createDownload(job: ExportJob, context: CallContext): Promise<DownloadTicket> {
    const downloads = this.requireDownloads()
    if (context.signal.aborted) return Promise.reject(new AppError('CANCELLED', 'Cancelled'))
    return Promise.resolve(downloads.create(job))
  }

  /** Web mode: progress of a download until it ends; cancelling this call stops the download. */
  watchDownload(input: { downloadId: string }, context: CallContext): Promise<ExportResult> {
    const entry = this.requireDownloads().find(input.downloadId)
    if (!entry) {
      return Promise.reject(
        new AppError('NOT_FOUND', 'This download is unknown or long finished; export again.')
      )
    }
    return entry.watch(context)
  }

  /**
   * Web mode, called by the bridge for `GET /api/download/<id>`: runs the export of a link not used
   * before into the sink. False when the link is unknown, used or expired (the bridge answers 404).
   */
  async serveDownload(downloadId: string, sink: DownloadSink): Promise<boolean> {
    const entry = this.options.downloads?.take(downloadId) ?? null
    if (!entry) return false
    await this.runDownload(entry, sink)
    return true
  }

  /** Writes an export to a file at `path` (via `path.partial`); the command line's and desktop's. */
  exportToFile(job: ExportJob, path: string, context: CallContext): Promise<ExportResult> {
    return this.run(job, 'file', context, async (input) => ({
      written: await writeCsvFile(path, input),
      fileName: basename(path),
      path
    }))
  }

  /** Writes an export to a stream left open at the end (standard output). */
  exportToStream(job: ExportJob, output: Writable, context: CallContext): Promise<ExportResult> {
    return this.run(job, 'stdout', context, async (input) => ({
      written: await writeCsv(output, { ...input, keepOutputOpen: true }),
      fileName: this.fileNameOf(job)
    }))
  }

  private async runDownload(entry: DownloadEntry<ExportJob>, sink: DownloadSink): Promise<void> {
    const job = entry.job
    const fileName = this.fileNameOf(job)
    try {
      const result = await this.run(job, 'download', entry.context, async (input) => ({
        written: await writeCsv(sink.begin(fileName), input),
        fileName
      }))
      entry.finish(result)
    } catch (error) {
      entry.fail(error)
      throw error
    }
  }

  private async run(
    job: ExportJob,
    destination: ExportDestination,
    callContext: CallContext,
    write: (
      input: WriteCsvInput
    ) => Promise<{ written: CsvWritten; fileName: string; path?: string }>
  ): Promise<ExportResult> {
    const started = performance.now()
    const context = throttledContext(callContext)
    const { request, options } = job
    const { engine, target } = await this.options.journeys.engineFor(request.source, context)
    let table
    try {
      table = await exportKindOf(request).open(request, engine, context, options.columns)
    } catch (error) {
      throw describeExportFailure(error, destination, target)
    }
    let outcome
    try {
      outcome = await write({
        headers: table.headers,
        rows: table.rows,
        options: { bom: options.bom, formulaGuard: options.formulaGuard },
        signal: context.signal,
        onProgress: (done) => {
          context.reportProgress({ phase: EXPORT_WRITING_PHASE, done })
        }
      })
    } catch (error) {
      throw describeExportFailure(error, destination, target)
    } finally {
      context.flush()
    }
    const { rowsWritten, bytesWritten } = outcome.written
    const result: ExportResult = {
      rowsWritten,
      bytesWritten,
      fileName: outcome.fileName,
      durationMs: Math.round(performance.now() - started),
      warnings: [...table.notes, ...excelWarnings(rowsWritten)]
    }
    if (outcome.path !== undefined) result.path = outcome.path
    return result
  }

  private fileNameOf(job: ExportJob): string {
    const name = job.fileName ?? exportKindOf(job.request).fileName(job.request)
    return /\.csv$/i.test(name) ? name : `${name}.csv`
  }

  private requireDownloads(): DownloadRegistry<ExportJob> {
    const downloads = this.options.downloads
    if (!downloads) {
      throw new AppError('UNSUPPORTED', 'Downloads are for web mode; the desktop app saves files.')
    }
    return downloads
  }
}

/** Excel shows at most EXCEL_MAX_ROWS rows, the header included: say so when a file has more. */
export function excelWarnings(rowsWritten: number): string[] {
  if (rowsWritten + 1 <= EXCEL_MAX_ROWS) return []
  return [
    `The file has ${rowsWritten.toLocaleString('en-US')} rows; Excel opens only the first ${(EXCEL_MAX_ROWS - 1).toLocaleString('en-US')} (and the header). Use a tool that reads every row, or export a narrower range.`
  ]
}

import type { CsvOptions, ExportRequest } from '../../../../shared/export/export-request'
import type { ExportResult } from '../../../../shared/export/export-results'
import type { Progress } from '../../../../shared/rpc/contract'
import { api, transportKind } from '../../api/workbench-api'

/** How an export ended: written (with its result), or the person closed the save dialog. */
export type ExportOutcome = { status: 'written'; result: ExportResult } | { status: 'dismissed' }

export interface RunExportInput {
  request: ExportRequest
  options: CsvOptions
  signal: AbortSignal
  onProgress: (progress: Progress) => void
}

/**
 * Runs one export the way the platform saves files. Desktop: the native save dialog, then the
 * file is written with progress. Web mode: a one-time link the browser downloads (an invisible
 * link clicked), while `watchDownload` reports its progress; cancelling the watch stops it.
 */
export async function runExport(input: RunExportInput): Promise<ExportOutcome> {
  const job = { request: input.request, options: input.options }
  const call = { signal: input.signal, onProgress: input.onProgress }
  if (transportKind === 'ipc') {
    const outcome = await api.export.saveAs(job, call)
    return outcome.status === 'saved'
      ? { status: 'written', result: outcome.result }
      : { status: 'dismissed' }
  }
  const ticket = await api.export.createDownload(job, { signal: input.signal })
  const watching = api.export.watchDownload({ downloadId: ticket.downloadId }, call)
  startBrowserDownload(ticket.url)
  return { status: 'written', result: await watching }
}

function startBrowserDownload(url: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = ''
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
}

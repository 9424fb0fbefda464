import { AppError } from '../../../shared/errors'
import { toAppError as mapToAppError } from '../../errors/to-app-error'
import { CsvWriteError } from '../../export/write-csv'

/** Where the rows were going: a file (renamed from `.partial` when done) or a stream. */
export type ExportDestination = 'file' | 'download' | 'stdout'

const AFTERMATH: Record<ExportDestination, string> = {
  file: 'the partial file was removed, no file was saved',
  download: 'the download was stopped',
  stdout: 'the output is incomplete'
}

const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'the folder does not exist',
  EISDIR: 'that is a folder'
}

/** The cause as a sentence of its own: it keeps its `?` or `.`, and gets a `.` otherwise. */
function sentence(message: string): string {
  return /[.?!]$/.test(message) ? message : `${message}.`
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function rows(n: number): string {
  return `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`
}

/**
 * The one message of a failed or cancelled export: what happened, how many rows were written, and
 * what became of the output. The cause keeps its code (CANCELLED, CONNECTION_REFUSED, ...); a file
 * that cannot be written is WRITE_FAILED.
 */
export function describeExportFailure(
  error: unknown,
  destination: ExportDestination,
  target: string
): AppError {
  if (!(error instanceof CsvWriteError)) {
    // Before the first row (opening the rows: a lookup, a sample, a query).
    const cause = toAppError(error, target)
    if (cause.code !== 'CANCELLED') return cause
    return new AppError(
      'CANCELLED',
      `Export cancelled before any row was written; ${AFTERMATH[destination]}.`,
      { rowsWritten: 0 }
    )
  }
  const { rowsWritten } = error
  const details = { rowsWritten }
  if (error.aborted || isClientGone(error.reason)) {
    return new AppError(
      'CANCELLED',
      `Export cancelled after ${rows(rowsWritten)}; ${AFTERMATH[destination]}.`,
      details
    )
  }
  const cause = toAppError(error.reason, target)
  if (cause.code === 'CANCELLED') {
    return new AppError(
      'CANCELLED',
      `Export cancelled after ${rows(rowsWritten)}; ${AFTERMATH[destination]}.`,
      details
    )
  }
  return new AppError(
    cause.code,
    `Export failed after ${rows(rowsWritten)}: ${sentence(cause.message)} ${capitalise(AFTERMATH[destination])}.`,
    { ...details, cause: cause.toEnvelope() }
  )
}

function toAppError(error: unknown, target: string): AppError {
  if (error instanceof AppError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code in WRITE_ERRORS) {
    const path = (error as { path?: unknown }).path
    const where = typeof path === 'string' ? ` ${path}` : ''
    return new AppError('WRITE_FAILED', `Cannot write${where}: ${WRITE_ERRORS[code] ?? code}`, {
      code
    })
  }
  return mapToAppError(error, { target })
}

/** The reader went away (a browser download stopped, a closed pipe): the export was cancelled. */
function isClientGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'EPIPE' || code === 'ECONNRESET'
}

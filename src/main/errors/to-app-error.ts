import { ZodError } from 'zod'
import { AppError, type ErrorEnvelope } from '../../shared/errors'
import { invalidInputError } from './invalid-input-error'
import { isDriverError, mapDriverError, type TimeLimit } from './map-driver-error'

/** What the failing call was doing, to make the message say something useful. */
export interface ErrorContext {
  /** The hosts being contacted (never the full URI: it may hold a password). */
  target?: string
  /** Aborted by the caller: any error that follows is a cancellation. */
  signal?: AbortSignal
  /** The time limit the query ran under, named when it is hit. */
  timeLimit?: TimeLimit
}

/**
 * The one place where any thrown value becomes the app's error, and so the envelope that crosses
 * IPC, HTTP and the CLI: the app's own errors pass through, a cancelled call is CANCELLED, a failed
 * schema is INVALID_INPUT, driver and network failures get their codes (`mapDriverError`), and
 * anything else (a bug) is INTERNAL.
 */
export function toAppError(error: unknown, context: ErrorContext = {}): AppError {
  if (error instanceof AppError) return error
  if (context.signal?.aborted || isAbortError(error)) {
    return new AppError('CANCELLED', 'The query was cancelled.')
  }
  if (error instanceof ZodError) return invalidInputError(error)
  if (isDriverError(error)) {
    return mapDriverError(error, context.target ? ` ${context.target}` : '', context.timeLimit)
  }
  const message = error instanceof Error ? error.message : String(error)
  return new AppError('INTERNAL', `Unexpected error: ${message}`)
}

/** `toAppError` as the envelope that crosses a boundary. */
export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  return toAppError(error).toEnvelope()
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')
}

/** Every failure crosses a boundary (IPC, HTTP, CLI) as one envelope with one of these codes. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_URI',
  'HOST_NOT_FOUND',
  'CONNECTION_REFUSED',
  'CONNECTION_LOST',
  'AUTH_FAILED',
  'TLS_FAILED',
  'TIMEOUT',
  'NOT_FOUND',
  'UNSUPPORTED',
  'QUERY_FAILED',
  'DATA_INVALID',
  'CANCELLED',
  /** A file (an export) could not be written: no space, no permission, no such folder. */
  'WRITE_FAILED',
  'FORBIDDEN',
  'INTERNAL'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorEnvelope {
  code: ErrorCode
  message: string
  details?: unknown
}

/** An error whose message is meant for the person using the app. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  toEnvelope(): ErrorEnvelope {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

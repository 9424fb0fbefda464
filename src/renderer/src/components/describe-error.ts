import type { ErrorCode, ErrorEnvelope } from '../../../shared/errors'

/** Each error code in words, for titles (the code itself goes to the details). */
const ERROR_TITLES: Record<ErrorCode, string> = {
  INVALID_INPUT: 'Check what was entered',
  INVALID_URI: 'The connection string is not valid',
  HOST_NOT_FOUND: 'The server was not found',
  CONNECTION_REFUSED: 'The server refused the connection',
  CONNECTION_LOST: 'The connection to the server was lost',
  AUTH_FAILED: 'Signing in to the server failed',
  TLS_FAILED: 'A secure connection could not be made',
  TIMEOUT: 'The server did not answer in time',
  NOT_FOUND: 'Not found',
  UNSUPPORTED: 'Not available here',
  QUERY_FAILED: 'The query failed',
  DATA_INVALID: 'The data could not be read',
  CANCELLED: 'Cancelled',
  WRITE_FAILED: 'The file could not be written',
  FORBIDDEN: 'Not allowed',
  INTERNAL: 'Something went wrong in the app'
}

export function errorTitle(error: ErrorEnvelope): string {
  return ERROR_TITLES[error.code]
}

/** Errors that mean the server cannot be reached now: offer Reconnect, not a bug report. */
const CONNECTION_CODES: readonly ErrorCode[] = [
  'HOST_NOT_FOUND',
  'CONNECTION_REFUSED',
  'CONNECTION_LOST',
  'TIMEOUT',
  'TLS_FAILED'
]

export function isConnectionLost(error: ErrorEnvelope): boolean {
  return CONNECTION_CODES.includes(error.code)
}

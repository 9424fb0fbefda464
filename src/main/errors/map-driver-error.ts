import type { MongoError, MongoServerError } from 'mongodb'
import { AppError } from '../../shared/errors'
import { mongoDriver } from '../mongo-client/mongo-driver'

const AUTH_FAILED_CODES = new Set([18, 11]) // AuthenticationFailed, UserNotFound
const UNAUTHORIZED_CODES = new Set([13, 8000]) // Unauthorized, Atlas AtlasError (not allowed)
const TIME_LIMIT_CODES = new Set([50, 262]) // MaxTimeMSExpired, ExceededTimeLimit

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL'])
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'])
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT'])

/** The time limit a query ran under, so a time-out can say which one it was and how to raise it. */
export interface TimeLimit {
  maxTimeMS: number
  /** What the limit applies to, e.g. `search and case files`. */
  appliesTo: string
  /** One sentence, e.g. where the setting is. */
  howToRaise: string
}

/**
 * A driver, network or server failure as the app's error. `where` names the hosts being contacted
 * (` host:port`, or empty); never the full URI, which may hold a password. Called by `toAppError`.
 */
export function mapDriverError(error: Error, where: string, timeLimit?: TimeLimit): AppError {
  const {
    MongoAPIError,
    MongoNetworkError,
    MongoNetworkTimeoutError,
    MongoOperationTimeoutError,
    MongoParseError,
    MongoServerError,
    MongoServerSelectionError
  } = mongoDriver()
  // The URI parser (mongodb-connection-string-url) throws its own MongoParseError class.
  if (error instanceof MongoParseError || error.name === 'MongoParseError') {
    return new AppError('INVALID_URI', `The connection string is not valid: ${error.message}`)
  }
  if (
    error instanceof MongoAPIError &&
    /uri|connection string|scheme|option/i.test(error.message)
  ) {
    return new AppError('INVALID_URI', `The connection string is not valid: ${error.message}`)
  }
  if (error instanceof MongoServerError) return mapServerError(error, timeLimit)
  if (error instanceof MongoOperationTimeoutError || error instanceof MongoNetworkTimeoutError) {
    return new AppError('TIMEOUT', `The server${where} did not answer in time.`, {
      driverMessage: error.message
    })
  }
  if (error instanceof MongoServerSelectionError) return mapNetworkError(error, where, false)
  if (error instanceof MongoNetworkError) return mapNetworkError(error, where, true)
  return new AppError('QUERY_FAILED', error.message, { name: error.name })
}

/** Whether a thrown value comes from the driver or its URI parser. */
export function isDriverError(error: unknown): error is Error {
  // Only errors named Mongo… can be the driver's: nothing else loads the driver to find out.
  if (!(error instanceof Error) || !error.name.startsWith('Mongo')) return false
  return error.name === 'MongoParseError' || error instanceof mongoDriver().MongoError
}

function mapServerError(error: MongoServerError, timeLimit: TimeLimit | undefined): AppError {
  const code = typeof error.code === 'number' ? error.code : undefined
  const details = { code: error.code, codeName: error.codeName }
  if (code !== undefined && AUTH_FAILED_CODES.has(code)) {
    return new AppError(
      'AUTH_FAILED',
      `Authentication failed: check the user name, password and authSource. (${firstLine(error.message)})`,
      details
    )
  }
  if (code !== undefined && UNAUTHORIZED_CODES.has(code)) {
    return new AppError('FORBIDDEN', `The server refused the operation: ${error.message}`, details)
  }
  if (code !== undefined && TIME_LIMIT_CODES.has(code)) {
    if (!timeLimit) {
      return new AppError(
        'TIMEOUT',
        'The query took longer than its time limit (maxTimeMS). Narrow the date range or segment.',
        details
      )
    }
    return new AppError(
      'TIMEOUT',
      `The query took longer than the ${formatSeconds(timeLimit.maxTimeMS)} time limit for ${timeLimit.appliesTo} (maxTimeMS), so the server stopped it. ${timeLimit.howToRaise}`,
      { ...details, maxTimeMS: timeLimit.maxTimeMS, limit: timeLimit.appliesTo }
    )
  }
  return new AppError('QUERY_FAILED', `The server rejected the query: ${error.message}`, details)
}

/**
 * Server selection wraps the real cause (DNS, refused, TLS) a few levels down: find it. A network
 * error outside server selection (`duringOperation`) whose cause is none of those is a connection
 * that broke under a running query: CONNECTION_LOST.
 */
function mapNetworkError(error: MongoError, where: string, duringOperation: boolean): AppError {
  const causes = collectCauses(error)
  const codes = causes.map((c) => c.code).filter((c): c is string => typeof c === 'string')
  const text = causes.map((c) => c.message).join(' | ')
  const details = { driverMessage: error.message }

  if (codes.some((c) => DNS_CODES.has(c))) {
    return new AppError(
      'HOST_NOT_FOUND',
      `The host${where} was not found (DNS lookup failed).`,
      details
    )
  }
  const isTls = codes.some(isTlsCode) || /\b(tls|ssl|certificate|self[- ]signed)\b/i.test(text)
  const timedOut = codes.some((c) => TIMEOUT_CODES.has(c)) || /timed out|timeout/i.test(text)
  if (duringOperation && !codes.includes('ECONNREFUSED') && !isTls && !timedOut) {
    return new AppError(
      'CONNECTION_LOST',
      `The connection to${where || ' the server'} was lost during the query (${firstLine(error.message)}): the server stopped or the network dropped. The app reconnects by itself once the server answers again; run the query again then.`,
      details
    )
  }
  if (codes.some((c) => REFUSED_CODES.has(c))) {
    return new AppError(
      'CONNECTION_REFUSED',
      `Cannot connect to${where || ' the server'}: connection refused. Is the server running and the port right?`,
      details
    )
  }
  if (isTls) {
    return new AppError(
      'TLS_FAILED',
      `The TLS handshake with${where || ' the server'} failed: ${firstLine(text)}`,
      details
    )
  }
  if (codes.includes('ECONNRESET') || /\bconnection\b.* closed\b|socket hang up/i.test(text)) {
    return new AppError(
      'CONNECTION_REFUSED',
      `Cannot connect to${where || ' the server'}: it closed the connection without answering. Is a MongoDB server listening on that port, and does it need TLS (tls=true in the connection string)?`,
      details
    )
  }
  if (timedOut) {
    return new AppError(
      'TIMEOUT',
      `The server${where} did not answer in time. Check the host, port, network and TLS settings.`,
      details
    )
  }
  return new AppError(
    'CONNECTION_REFUSED',
    `Cannot connect to${where || ' the server'}: ${firstLine(error.message)}`,
    details
  )
}

interface CauseInfo {
  code?: unknown
  message: string
}

function collectCauses(error: MongoError): CauseInfo[] {
  const found: CauseInfo[] = []
  const seen = new Set<unknown>()
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || !(value instanceof Error) || seen.has(value)) return
    seen.add(value)
    found.push({ code: (value as { code?: unknown }).code, message: value.message })
    visit(value.cause, depth + 1)
  }
  visit(error, 0)
  // MongoServerSelectionError carries each server's last error in its topology description.
  if (error instanceof mongoDriver().MongoServerSelectionError) {
    for (const server of error.reason?.servers.values() ?? []) visit(server.error, 1)
  }
  return found
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.startsWith('CERT_') ||
    code === 'EPROTO' ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  )
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return `${seconds.toLocaleString('en-US', { maximumFractionDigits: 1 })} s`
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text
}

import ConnectionString from 'mongodb-connection-string-url'
import { AppError } from '../../../shared/errors'

export interface ParsedConnectionUri {
  /** The URI without its password; safe to store and show. */
  uriWithoutPassword: string
  /** The password found in the URI, decoded; kept apart so it can be encrypted. */
  password: string | null
  defaultDatabase: string | null
}

/** Splits a MongoDB URI into what may be stored in clear and the password; rejects bad URIs clearly. */
export function parseConnectionUri(uri: string): ParsedConnectionUri {
  const trimmed = uri.trim()
  if (!/^mongodb(\+srv)?:\/\//i.test(trimmed)) {
    throw new AppError(
      'INVALID_URI',
      'A connection string starts with mongodb:// or mongodb+srv://, for example mongodb://localhost:27017'
    )
  }
  let parsed: ConnectionString
  try {
    parsed = new ConnectionString(trimmed)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new AppError('INVALID_URI', `The connection string is not valid: ${reason}`)
  }
  if (parsed.hosts.length === 0 || parsed.hosts.some((host) => host.trim() === '')) {
    throw new AppError('INVALID_URI', 'The connection string names no host')
  }
  const badPort = parsed.hosts.find((host) => !hasValidPort(host))
  if (badPort !== undefined) {
    throw new AppError('INVALID_URI', `"${badPort}" has no valid port: use host or host:27017`)
  }
  const password = parsed.password ? safeDecode(parsed.password) : null
  const withoutPassword = parsed.clone()
  withoutPassword.password = ''
  const database = parsed.pathname.replace(/^\//, '')
  return {
    uriWithoutPassword: withoutPassword.toString(),
    password,
    defaultDatabase: database ? safeDecode(database) : null
  }
}

/** Puts a password back into a stored URI, just before connecting. */
export function withPassword(uriWithoutPassword: string, password: string | null): string {
  if (password === null) return uriWithoutPassword
  const parsed = new ConnectionString(uriWithoutPassword)
  parsed.password = encodeURIComponent(password)
  return parsed.toString()
}

/** True when a stored URI names a user (`mongodb://bob@host`), so a password applies to it. */
export function hasUserName(uriWithoutPassword: string): boolean {
  return new ConnectionString(uriWithoutPassword).username !== ''
}

/** What the user sees: the stored URI with `*****` where a password is. */
export function redactUri(uriWithoutPassword: string, hasPassword: boolean): string {
  if (!hasPassword) return uriWithoutPassword
  const parsed = new ConnectionString(uriWithoutPassword)
  parsed.password = '*****'
  return parsed.toString()
}

function hasValidPort(host: string): boolean {
  const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host)?.[1]
  if (port === undefined) return true
  const value = Number(port)
  return /^\d{1,5}$/.test(port) && value >= 1 && value <= 65535
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

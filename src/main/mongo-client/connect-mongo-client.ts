import type { CommandStartedEvent, MongoClient } from 'mongodb'
import { toAppError } from '../errors/to-app-error'
import { describeHosts } from './describe-hosts'
import { mongoDriver } from './mongo-driver'

/** How long to wait for a server before giving up, unless the caller says otherwise. */
export const DEFAULT_SERVER_TIMEOUT_MS = 5000

export interface MongoClientSettings {
  /** Server selection and connect time-out (default 5 s). */
  timeoutMS?: number
  /** Aborting closes the client; a connect in progress fails with CANCELLED. */
  signal?: AbortSignal
  /** Sees every command the client sends (the driver's command monitoring): for audits and tests. */
  onCommand?: (event: CommandStartedEvent) => void
}

/**
 * The one way the app makes a `MongoClient` (engines, connection tests, the loader, the command
 * line): the same app name and time-outs everywhere, and a bad URI as INVALID_URI, not a throw
 * from the driver's constructor.
 */
export function createMongoClient(uri: string, settings: MongoClientSettings = {}): MongoClient {
  const timeout = settings.timeoutMS ?? DEFAULT_SERVER_TIMEOUT_MS
  try {
    const client = new (mongoDriver().MongoClient)(uri, {
      serverSelectionTimeoutMS: timeout,
      connectTimeoutMS: timeout,
      appName: 'Journey Workbench',
      monitorCommands: settings.onCommand !== undefined
    })
    if (settings.onCommand) client.on('commandStarted', settings.onCommand)
    return client
  } catch (error) {
    throw toAppError(error, { target: describeHosts(uri) })
  }
}

/**
 * A connected client, or the app's error naming the hosts (never the password). A client that
 * fails to connect is closed before the error is thrown.
 */
export async function connectMongoClient(
  uri: string,
  settings: MongoClientSettings = {}
): Promise<MongoClient> {
  const client = createMongoClient(uri, settings)
  const { signal } = settings
  const abort = (): void => void client.close(true).catch(() => undefined)
  signal?.addEventListener('abort', abort, { once: true })
  try {
    if (signal?.aborted) throw new DOMException('Aborted', 'AbortError')
    await client.connect()
    return client
  } catch (error) {
    await client.close().catch(() => undefined)
    throw toAppError(error, { target: describeHosts(uri), ...(signal ? { signal } : {}) })
  } finally {
    signal?.removeEventListener('abort', abort)
  }
}

import { randomUUID } from 'node:crypto'
import {
  DEFAULT_QUERY_SETTINGS,
  DEMO_CONNECTION_ID,
  querySettingsSchema,
  type ConnectionSummary,
  type ConnectionsContract,
  type QuerySettings
} from '../../../shared/contracts/connections-contract'
import { AppError } from '../../../shared/errors'
import { fieldMappingSchema, type FieldMapping } from '../../../shared/mapping/field-mapping'
import type { ServiceImplementation } from '../../../shared/rpc/contract'
import type { MongoClientSettings } from '../../mongo-client/connect-mongo-client'
import type { ConnectionRecord, ConnectionRepository } from './connection-repository'
import { hasUserName, parseConnectionUri, redactUri, withPassword } from './parse-connection-uri'
import { probeDemoWorkspace, probeMongoServer } from './probe-server'
import type { SecretBox } from './secret-box'

export interface ConnectionsServiceOptions {
  repository: ConnectionRepository
  secrets: SecretBox
  /** The bundled demo workspace folder (NDJSON files). */
  demoFolder: string
  /** How long a connection test may wait for a server. */
  serverSelectionTimeoutMS?: number
  /** Settings for the MongoClient of a connection test (command monitoring, say). */
  mongoClient?: MongoClientSettings
}

const DEMO_CREATED_AT = new Date('2025-01-01T00:00:00Z')

/** Saved connections: list, add, test and remove; and the full URI for the engines when needed. */
export class ConnectionsService implements ServiceImplementation<ConnectionsContract> {
  constructor(private readonly options: ConnectionsServiceOptions) {}

  /** The demo workspace first, then saved connections by name. */
  async list(): Promise<ConnectionSummary[]> {
    const records = await this.options.repository.load()
    const saved = (await Promise.all(records.map((record) => this.summarize(record)))).sort(
      (a, b) => a.name.localeCompare(b.name)
    )
    return [demoSummary(), ...saved]
  }

  /** Saves a connection; its password is sealed by the secret box and never stored in clear. */
  async add(input: {
    name: string
    uri: string
    querySettings?: QuerySettings | undefined
  }): Promise<ConnectionSummary> {
    const parsed = parseConnectionUri(input.uri)
    const records = await this.options.repository.load()
    if (records.some((record) => record.name.toLowerCase() === input.name.toLowerCase())) {
      throw new AppError('INVALID_INPUT', `A connection named "${input.name}" already exists`)
    }
    const id = randomUUID()
    const sealed =
      parsed.password === null ? null : await this.options.secrets.seal(id, parsed.password)
    const record: ConnectionRecord = {
      id,
      name: input.name,
      uriWithoutPassword: parsed.uriWithoutPassword,
      defaultDatabase: parsed.defaultDatabase,
      passwordStorage: parsed.password === null ? 'none' : this.options.secrets.storage,
      createdAt: new Date().toISOString(),
      ...(sealed === null ? {} : { encryptedPassword: sealed }),
      ...(input.querySettings ? { querySettings: input.querySettings } : {})
    }
    await this.options.repository.save([...records, record])
    return this.summarize(record)
  }

  /** Connects, pings, reads the version and probes which pipeline features work. */
  async test(input: { id: string }, context: { signal: AbortSignal }) {
    if (input.id === DEMO_CONNECTION_ID) return probeDemoWorkspace(this.options.demoFolder)
    const uri = await this.resolveConnectionUri(input.id)
    return probeMongoServer(input.id, uri, {
      signal: context.signal,
      serverSelectionTimeoutMS: this.options.serverSelectionTimeoutMS ?? 5000,
      ...(this.options.mongoClient ? { mongoClient: this.options.mongoClient } : {})
    })
  }

  /**
   * Gives a saved connection its password again, e.g. a session-only password after a restart.
   * Sealed by the secret box as when the connection was added; only for a URI that names a user.
   */
  async setPassword(input: { id: string; password: string }): Promise<ConnectionSummary> {
    if (input.id === DEMO_CONNECTION_ID) {
      throw new AppError('INVALID_INPUT', 'The demo workspace needs no password')
    }
    const records = await this.options.repository.load()
    const record = records.find((r) => r.id === input.id)
    if (!record) throw new AppError('NOT_FOUND', 'No saved connection has that id')
    if (!hasUserName(record.uriWithoutPassword)) {
      throw new AppError(
        'INVALID_INPUT',
        `"${record.name}" names no user, so it takes no password; add the connection again with a user in its connection string`
      )
    }
    const sealed = await this.options.secrets.seal(record.id, input.password)
    const { encryptedPassword: _old, ...rest } = record
    const updated: ConnectionRecord = {
      ...rest,
      passwordStorage: this.options.secrets.storage,
      ...(sealed === null ? {} : { encryptedPassword: sealed })
    }
    await this.options.repository.save(records.map((r) => (r.id === record.id ? updated : r)))
    return this.summarize(updated)
  }

  /** Sets a connection's time limits and read preference; engines pick them up on the next query. */
  async setQuerySettings(input: {
    id: string
    querySettings: QuerySettings
  }): Promise<ConnectionSummary> {
    if (input.id === DEMO_CONNECTION_ID) {
      throw new AppError(
        'INVALID_INPUT',
        'The demo workspace runs in the app; it has no server limits'
      )
    }
    const records = await this.options.repository.load()
    const record = records.find((r) => r.id === input.id)
    if (!record) throw new AppError('NOT_FOUND', 'No saved connection has that id')
    const updated: ConnectionRecord = { ...record, querySettings: input.querySettings }
    await this.options.repository.save(records.map((r) => (r.id === record.id ? updated : r)))
    return this.summarize(updated)
  }

  /** Saves the field mapping the connection's queries read through; null: the seed schema. */
  async setFieldMapping(input: {
    id: string
    mapping: FieldMapping | null
  }): Promise<ConnectionSummary> {
    if (input.id === DEMO_CONNECTION_ID) {
      throw new AppError(
        'INVALID_INPUT',
        'The demo workspace is the seed schema; it takes no mapping'
      )
    }
    const records = await this.options.repository.load()
    const record = records.find((r) => r.id === input.id)
    if (!record) throw new AppError('NOT_FOUND', 'No saved connection has that id')
    const { fieldMapping: _old, ...rest } = record
    const updated: ConnectionRecord =
      input.mapping === null ? rest : { ...rest, fieldMapping: input.mapping }
    await this.options.repository.save(records.map((r) => (r.id === record.id ? updated : r)))
    return this.summarize(updated)
  }

  /** A saved connection's field mapping, for the engines (null: the seed schema). */
  async resolveFieldMapping(id: string): Promise<FieldMapping | null> {
    const record = (await this.options.repository.load()).find((r) => r.id === id)
    if (!record) throw new AppError('NOT_FOUND', 'No saved connection has that id')
    return fieldMappingOf(record)
  }

  /** A saved connection's query settings, for the engines (the defaults for older records). */
  async resolveQuerySettings(id: string): Promise<QuerySettings> {
    const record = (await this.options.repository.load()).find((r) => r.id === id)
    if (!record) throw new AppError('NOT_FOUND', 'No saved connection has that id')
    return querySettingsOf(record)
  }

  /** What happened to the saved-connections file, when it was damaged and had to be repaired. */
  async storageNotice(): Promise<{ notice: string | null }> {
    await this.options.repository.load()
    return { notice: this.options.repository.notice?.() ?? null }
  }

  /** Forgets a saved connection and its password. */
  async remove(input: { id: string }): Promise<{ removed: boolean }> {
    if (input.id === DEMO_CONNECTION_ID) {
      throw new AppError('INVALID_INPUT', 'The demo workspace is built in and cannot be removed')
    }
    const records = await this.options.repository.load()
    const remaining = records.filter((record) => record.id !== input.id)
    if (remaining.length === records.length) return { removed: false }
    await this.options.repository.save(remaining)
    this.options.secrets.forget(input.id)
    return { removed: true }
  }

  /** The full URI of a saved connection, password included, for the engines only. */
  async resolveConnectionUri(id: string): Promise<string> {
    const record = (await this.options.repository.load()).find((r) => r.id === id)
    if (!record) throw new AppError('NOT_FOUND', 'No saved connection has that id')
    if (record.passwordStorage === 'none') return record.uriWithoutPassword
    const password = await this.options.secrets.open(record.id, record.encryptedPassword)
    if (password === null) {
      throw new AppError(
        'AUTH_FAILED',
        `The password of "${record.name}" was kept for the last session only. Type it again on the Connections screen.`
      )
    }
    return withPassword(record.uriWithoutPassword, password)
  }

  private async summarize(record: ConnectionRecord): Promise<ConnectionSummary> {
    const hasPassword = record.passwordStorage !== 'none'
    const passwordAvailable =
      !hasPassword ||
      (await this.options.secrets.open(record.id, record.encryptedPassword)) !== null
    return {
      id: record.id,
      name: record.name,
      kind: 'mongodb',
      redactedUri: redactUri(record.uriWithoutPassword, hasPassword),
      defaultDatabase: record.defaultDatabase,
      passwordStorage: record.passwordStorage,
      passwordAvailable,
      createdAt: new Date(record.createdAt),
      querySettings: querySettingsOf(record),
      fieldMapping: fieldMappingOf(record)
    }
  }
}

/** The record's mapping; null when it has none or it no longer parses (then the seed schema). */
function fieldMappingOf(record: ConnectionRecord): FieldMapping | null {
  if (record.fieldMapping === undefined) return null
  const parsed = fieldMappingSchema.safeParse(record.fieldMapping)
  return parsed.success ? parsed.data : null
}

/** The record's settings, or the defaults when it has none or they do not parse (older files). */
function querySettingsOf(record: ConnectionRecord): QuerySettings {
  const parsed = querySettingsSchema.safeParse(record.querySettings)
  return parsed.success ? parsed.data : { ...DEFAULT_QUERY_SETTINGS }
}

function demoSummary(): ConnectionSummary {
  return {
    id: DEMO_CONNECTION_ID,
    name: 'Demo workspace',
    kind: 'demo',
    redactedUri: 'bundled demo data (local engine)',
    defaultDatabase: 'demo',
    passwordStorage: 'none',
    passwordAvailable: true,
    createdAt: DEMO_CREATED_AT,
    querySettings: { ...DEFAULT_QUERY_SETTINGS },
    fieldMapping: null
  }
}

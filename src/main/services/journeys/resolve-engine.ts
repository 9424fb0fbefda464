import type { Db, MongoClient } from 'mongodb'
import {
  DEFAULT_QUERY_SETTINGS,
  type QuerySettings,
  type ServerCapabilities
} from '../../../shared/contracts/connections-contract'
import { AppError } from '../../../shared/errors'
import type { DataSource } from '../../../shared/journeys/data-source'
import type { CallContext } from '../../../shared/rpc/contract'
import { isSeedMapping, type FieldMapping } from '../../../shared/mapping/field-mapping'
import { RECOMMENDED_INDEXES } from '../../data/recommended-indexes'
import type { JourneyEngine } from '../../engine/journey-engine'
import { openLocalEngine } from '../../engine/local/local-engine'
import { detectCapabilities } from '../../engine/mongo/detect-capabilities'
import { detectFindShape } from '../../engine/mongo/detect-find-shape'
import { IndexAdvisor } from '../../engine/mongo/index-advisor'
import { mappedRecommendedIndexes } from '../../engine/mongo/mapped/mapped-indexes'
import { PipelineEngine } from '../../engine/mongo/pipeline-engine'
import { queryLimitsFrom } from '../../engine/mongo/query-limits'
import { ReducerEngine } from '../../engine/mongo/reducer-engine'
import type { CursorOptions } from '../../engine/mongo/run-find'
import { toAppError } from '../../errors/to-app-error'
import { pipelinesReadMapping } from '../../engine/pipelines/mapping/mapped-pipeline-spec'
import {
  connectMongoClient,
  type MongoClientSettings
} from '../../mongo-client/connect-mongo-client'
import { describeHosts } from '../../mongo-client/describe-hosts'
import { assertFolderOpened } from '../opened-folders'

export interface EngineResolverOptions {
  /** The bundled demo workspace (an NDJSON folder). */
  demoFolder: string
  /** The folder of an offline copy (`{ kind: 'workspace' }`), NOT_FOUND when it is not ready. */
  resolveWorkspaceFolder?: (workspaceId: string) => Promise<string>
  /** The full URI of a saved connection (the connections service decrypts its password). */
  resolveConnectionUri?: (connectionId: string) => Promise<string>
  /** A saved connection's time limits and read preference (the defaults when absent). */
  resolveQuerySettings?: (connectionId: string) => Promise<QuerySettings>
  /** The limits of `{ kind: 'uri' }` sources (the command line); the defaults when absent. */
  querySettings?: QuerySettings
  /** How a time-out message says to raise the limit (the app: the connection's settings). */
  timeLimitHint?: string
  /** How long to wait for a server before giving up (default 5 s). */
  serverSelectionTimeoutMS?: number
  /** Settings for every MongoClient this resolver makes (command monitoring, say). */
  mongoClient?: MongoClientSettings
  /** Run MongoDB queries with this strategy whatever the probe says (tests, benchmarks). */
  strategyOverride?: 'pipeline' | 'reducer'
  /** Cursor batch size and time limits for both MongoDB strategies. */
  cursor?: Partial<CursorOptions>
  /**
   * Accept `{ kind: 'uri' }` sources. Off by default: raw connection strings are for the command
   * line and tests; the app connects through saved connections, so a page cannot make the main
   * process dial arbitrary hosts.
   */
  allowUriSources?: boolean
  /** The folders the user opened in the app; absent: any folder (see `assertFolderOpened`). */
  openedFolders?: readonly string[]
  /**
   * Reads a source through a field mapping before any engine sees it (the command line's
   * `--mapping`): a folder of any shape becomes a seed-shaped folder; a source it cannot map
   * is refused with the reason.
   */
  throughMapping?: (source: DataSource, context: CallContext) => Promise<DataSource>
  /**
   * The field mapping a server source is read through (the command line's `--mapping`); null or
   * absent: the seed schema. A mapped server source runs the reducer strategy on every server.
   */
  serverMapping?: (source: DataSource, context: CallContext) => Promise<FieldMapping | null>
}

/** The sources the local engine reads: NDJSON folders. */
type LocalSource = Extract<DataSource, { kind: 'demo' | 'folder' | 'workspace' }>

/** An engine for a data source, and how to name the source in error messages. */
export interface ResolvedEngine {
  engine: JourneyEngine
  target: string
  /**
   * Server sources: closes the server's client and drops its engines, so the next query connects
   * afresh (after the connection was lost: no pool, monitor or cached state of the dead server).
   */
  reconnectNextTime?: () => void
}

interface ServerEntry {
  client: Promise<MongoClient>
  capabilities: Promise<ServerCapabilities> | null
}

/**
 * Turns a `DataSource` into an engine: folders and the demo into the local engine (its data set is
 * cached per folder by the local engine), URIs and saved connections into one MongoClient per URI
 * and one engine per database, with the server's capabilities probed once per client.
 */
export class EngineResolver {
  private readonly servers = new Map<string, ServerEntry>()
  private readonly engines = new Map<string, Promise<JourneyEngine>>()

  constructor(private readonly options: EngineResolverOptions) {}

  async resolve(requested: DataSource, context: CallContext): Promise<ResolvedEngine> {
    const source = await this.throughMapping(requested, context)
    switch (source.kind) {
      case 'demo':
      case 'folder':
      case 'workspace': {
        const { folder, target } = await this.localFolderOf(requested, source)
        return { engine: await openLocalEngine(folder, context), target }
      }
      case 'uri':
        this.assertUriSourcesAllowed()
        return this.resolveMongo(
          source.uri,
          source.database,
          this.options.querySettings ?? DEFAULT_QUERY_SETTINGS,
          await this.mappingOf(source, context),
          context
        )
      case 'connection': {
        const [uri, settings, mapping] = await Promise.all([
          this.connectionUri(source.connectionId),
          this.options.resolveQuerySettings?.(source.connectionId) ?? DEFAULT_QUERY_SETTINGS,
          this.mappingOf(source, context)
        ])
        return this.resolveMongo(uri, source.database, settings, mapping, context)
      }
    }
  }

  /**
   * The NDJSON folder a local source reads (the demo, a folder the user opened, an offline copy,
   * after any field mapping) and how to name it; null for server sources.
   */
  async localFolder(
    requested: DataSource,
    context: CallContext
  ): Promise<{ folder: string; target: string } | null> {
    const source = await this.throughMapping(requested, context)
    return source.kind === 'uri' || source.kind === 'connection'
      ? null
      : this.localFolderOf(requested, source)
  }

  private throughMapping(requested: DataSource, context: CallContext): Promise<DataSource> {
    return this.options.throughMapping
      ? this.options.throughMapping(requested, context)
      : Promise.resolve(requested)
  }

  private async localFolderOf(
    requested: DataSource,
    source: LocalSource
  ): Promise<{ folder: string; target: string }> {
    switch (source.kind) {
      case 'demo':
        return { folder: this.options.demoFolder, target: 'the demo workspace' }
      case 'folder':
        if (requested.kind === 'folder')
          assertFolderOpened(this.options.openedFolders, requested.path)
        return {
          folder: source.path,
          target: requested.kind === 'folder' ? requested.path : source.path
        }
      case 'workspace':
        return {
          folder: await this.workspaceFolder(source.workspaceId),
          target: 'the offline copy'
        }
    }
  }

  /** What the server behind a source can do (the local engine for folders, copies and the demo). */
  async capabilities(source: DataSource, context: CallContext): Promise<ServerCapabilities> {
    if (source.kind === 'demo' || source.kind === 'folder' || source.kind === 'workspace') {
      return { flavor: 'local', version: 'embedded', pipelineFeatures: [], strategy: 'local' }
    }
    if (source.kind === 'uri') this.assertUriSourcesAllowed()
    const uri = source.kind === 'uri' ? source.uri : await this.connectionUri(source.connectionId)
    return this.capabilitiesOf(uri, source.database, context)
  }

  /** The database behind a server source (connected, shared with its engine); null for folders. */
  async database(source: DataSource, context: CallContext): Promise<Db | null> {
    if (source.kind === 'demo' || source.kind === 'folder' || source.kind === 'workspace') {
      return null
    }
    if (source.kind === 'uri') this.assertUriSourcesAllowed()
    const uri = source.kind === 'uri' ? source.uri : await this.connectionUri(source.connectionId)
    const client = await untilAborted(this.client(uri), context.signal).catch((error: unknown) => {
      throw toAppError(error, { target: describeHosts(uri) })
    })
    return client.db(source.database)
  }

  /** Closes every client; engines made from them stop working. */
  async close(): Promise<void> {
    const servers = [...this.servers.values()]
    this.servers.clear()
    this.engines.clear()
    await Promise.all(
      servers.map(async (server) => {
        try {
          await (await server.client).close()
        } catch {
          // a client that never connected has nothing to close
        }
      })
    )
  }

  /** True when a server source is read through a field mapping (its collections are its own). */
  async isMapped(source: DataSource, context: CallContext): Promise<boolean> {
    return (await this.mappingOf(source, context)) !== null
  }

  /** The server source's mapping when it is not the seed schema's; null otherwise. */
  private async mappingOf(source: DataSource, context: CallContext): Promise<FieldMapping | null> {
    const mapping = (await this.options.serverMapping?.(source, context)) ?? null
    return mapping === null || isSeedMapping(mapping) ? null : mapping
  }

  private assertUriSourcesAllowed(): void {
    if (!this.options.allowUriSources) {
      throw new AppError(
        'FORBIDDEN',
        'Connection strings are accepted from the command line only; save a connection instead.'
      )
    }
  }

  private async workspaceFolder(workspaceId: string): Promise<string> {
    if (!this.options.resolveWorkspaceFolder) {
      throw new AppError('UNSUPPORTED', 'Offline copies are not available here.')
    }
    return this.options.resolveWorkspaceFolder(workspaceId)
  }

  private async connectionUri(connectionId: string): Promise<string> {
    if (!this.options.resolveConnectionUri) {
      throw new AppError('UNSUPPORTED', 'Saved connections are not available here.')
    }
    return this.options.resolveConnectionUri(connectionId)
  }

  private async resolveMongo(
    uri: string,
    database: string,
    settings: QuerySettings,
    mapping: FieldMapping | null,
    context: CallContext
  ): Promise<ResolvedEngine> {
    const target = describeHosts(uri)
    // New settings or mapping, new engine: the next query runs under them, and the old one goes.
    const prefix = `${uri}\u0000${database}\u0000`
    const key = `${prefix}${JSON.stringify(settings)}\u0000${JSON.stringify(mapping)}`
    let engine = this.engines.get(key)
    if (!engine) {
      this.dropEngines(prefix)
      context.reportProgress({ phase: `Connecting to ${target}`, done: 0 })
      engine = this.createMongoEngine(uri, database, settings, mapping, context)
      this.engines.set(key, engine)
      engine.catch(() => {
        if (this.engines.get(key) === engine) this.engines.delete(key)
      })
    }
    return {
      engine: await untilAborted(engine, context.signal),
      target,
      reconnectNextTime: () => {
        this.forgetServer(uri)
      }
    }
  }

  /** Closes one server's client and every engine made from it. */
  private forgetServer(uri: string): void {
    const server = this.servers.get(uri)
    if (!server) return
    this.servers.delete(uri)
    this.dropEngines(`${uri}\u0000`)
    void server.client.then((client) => client.close()).catch(() => undefined)
  }

  /** Drops and closes the engines whose key starts with `prefix` (their background work stops). */
  private dropEngines(prefix: string): void {
    for (const [key, engine] of [...this.engines]) {
      if (!key.startsWith(prefix)) continue
      this.engines.delete(key)
      void engine.then((stale) => stale.close()).catch(() => undefined)
    }
  }

  private async createMongoEngine(
    uri: string,
    database: string,
    settings: QuerySettings,
    mapping: FieldMapping | null,
    context: CallContext
  ): Promise<JourneyEngine> {
    const client = await this.client(uri)
    const db = client.db(database)
    const capabilities = await this.capabilitiesOf(uri, database, context)
    // Pipelines read a mapping's events through a normalising prefix and look sessions up in a
    // mapped sessions collection by the events' session ids; events without one beside a sessions
    // collection are reduced in the app on every server.
    const pipelinesCannotRead = mapping !== null && !pipelinesReadMapping(mapping)
    const strategy = pipelinesCannotRead
      ? 'reducer'
      : (this.options.strategyOverride ?? capabilities.strategy)
    // A mapped source's indexes are named in its own fields.
    const indexAdvisor = new IndexAdvisor(
      db,
      mapping ? mappedRecommendedIndexes(mapping) : RECOMMENDED_INDEXES
    )
    const cursor = this.options.cursor
    const limits = queryLimitsFrom(settings, this.options.timeLimitHint, {
      diskUseOnFinds: capabilities.flavor === 'mongodb',
      target: describeHosts(uri)
    })
    if (strategy === 'pipeline') {
      return new PipelineEngine(db, {
        indexAdvisor,
        limits,
        ...(mapping ? { mapping } : {}),
        ...(cursor ? { cursor } : {})
      })
    }
    const missing = capabilities.pipelineFeatures.filter((feature) => !feature.supported)
    const strategyNote = pipelinesCannotRead
      ? 'Reducer strategy: the field mapping names a sessions collection but no session id on the events, so pipelines cannot join them.'
      : capabilities.strategy === 'pipeline'
        ? 'Reducer strategy chosen by configuration: events are streamed and reduced in the app.'
        : `Reducer strategy: ${describeFlavor(capabilities)} failed ${missing.length} of ${capabilities.pipelineFeatures.length} pipeline feature probes (${[...new Set(missing.map((f) => f.name.split(/[ ,]/)[0]))].join(', ')}), so events are streamed in index order and reduced in the app.`
    // FerretDB reads every user for a prefix search: keep their search fields (see the snapshot).
    const ferret = capabilities.flavor === 'ferretdb'
    return new ReducerEngine(db, {
      indexAdvisor,
      strategyNote,
      findShape: await detectFindShape(db, capabilities.flavor, context.signal),
      userSearchSnapshot: ferret,
      sessionOwnershipAudit: ferret,
      limits,
      ...(mapping ? { mapping } : {}),
      ...(cursor ? { cursor } : {})
    })
  }

  private capabilitiesOf(
    uri: string,
    database: string,
    context: CallContext
  ): Promise<ServerCapabilities> {
    const server = this.server(uri)
    if (!server.capabilities) {
      const detecting = server.client.then((client) => detectCapabilities(client.db(database)))
      server.capabilities = detecting
      detecting.catch(() => {
        if (server.capabilities === detecting) server.capabilities = null
      })
    }
    return untilAborted(
      server.capabilities.catch((error: unknown) => {
        throw toAppError(error, { target: describeHosts(uri) })
      }),
      context.signal
    )
  }

  private client(uri: string): Promise<MongoClient> {
    return this.server(uri).client
  }

  private server(uri: string): ServerEntry {
    let server = this.servers.get(uri)
    if (!server) {
      const created: ServerEntry = {
        client: connectMongoClient(uri, {
          ...this.options.mongoClient,
          ...(this.options.serverSelectionTimeoutMS === undefined
            ? {}
            : { timeoutMS: this.options.serverSelectionTimeoutMS })
        }),
        capabilities: null
      }
      server = created
      this.servers.set(uri, created)
      created.client.catch(() => {
        if (this.servers.get(uri) === created) this.servers.delete(uri)
      })
    }
    return server
  }
}

function describeFlavor(capabilities: ServerCapabilities): string {
  const names: Record<ServerCapabilities['flavor'], string> = {
    mongodb: 'MongoDB',
    ferretdb: 'FerretDB',
    documentdb: 'Amazon DocumentDB',
    cosmosdb: 'Azure Cosmos DB',
    local: 'The local engine',
    unknown: 'This server'
  }
  return `${names[capabilities.flavor]} ${capabilities.version}`.trim()
}

/** Waits for a shared promise, but lets this caller leave when its signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AppError('CANCELLED', 'The query was cancelled.'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(new AppError('CANCELLED', 'The query was cancelled.'))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort)
    })
  })
}

import { contracts } from '../shared/contracts'
import type { MongoClientSettings } from './mongo-client/connect-mongo-client'
import { RpcRouter } from './rpc/router'
import type { ConnectionRepository } from './services/connections/connection-repository'
import { ConnectionsService } from './services/connections/connections-service'
import type { SecretBox } from './services/connections/secret-box'
import type { SavedFunnelsRepository } from './services/funnels/saved-funnels-repository'
import { SavedFunnelsService } from './services/funnels/saved-funnels-service'
import { DownloadRegistry } from './services/export/download-registry'
import { ExportService, type ExportJob } from './services/export/export-service'
import type { SaveDialog } from './services/export/save-dialog'
import { JourneysService } from './services/journeys/journeys-service'
import { MappingService } from './services/mapping/mapping-service'
import { WorkspacesService } from './services/workspaces/workspaces-service'

export interface PlatformAdapters {
  /** Saved connections: a JSON file, in the user data folder on desktop. */
  repository: ConnectionRepository
  /** Passwords: safeStorage on desktop, this process only in web mode. */
  secrets: SecretBox
  /** Saved funnel definitions: electron-store on desktop, a JSON file in web mode. */
  savedFunnels: SavedFunnelsRepository
  /** The bundled demo workspace (NDJSON files). */
  demoFolder: string
  /** Where "Work offline" keeps its offline copies, one folder each (in the app's data folder). */
  workspacesFolder: string
  /**
   * Desktop: exports are saved where the native save dialog says. Without one (web mode), exports
   * are browser downloads through one-time links served by the web bridge.
   */
  saveDialog?: SaveDialog
  /**
   * The folders the user opened in the app (web mode: `--folder`, once per folder): the only
   * `{ kind: 'folder' }` sources a page or window may query. None when absent.
   */
  openedFolders?: readonly string[]
}

export interface ComposedServices {
  router: RpcRouter
  connections: ConnectionsService
  journeys: JourneysService
  funnels: SavedFunnelsService
  exports: ExportService
  workspaces: WorkspacesService
  close(): Promise<void>
}

export interface ComposeOptions {
  /** Settings for every MongoClient the services make (command monitoring in tests and audits). */
  mongoClient?: MongoClientSettings
}

/** Builds the services and the one router in front of them; the same for Electron and web mode. */
export function composeServices(
  adapters: PlatformAdapters,
  options: ComposeOptions = {}
): ComposedServices {
  const mongoClient = options.mongoClient ? { mongoClient: options.mongoClient } : {}
  const connections = new ConnectionsService({
    repository: adapters.repository,
    secrets: adapters.secrets,
    demoFolder: adapters.demoFolder,
    ...mongoClient
  })
  const workspaces: WorkspacesService = new WorkspacesService({
    root: adapters.workspacesFolder,
    resolveConnectionUri: (id: string) => connections.resolveConnectionUri(id),
    onChanged: (workspaceId: string) => {
      journeys.forgetSource({ kind: 'workspace', workspaceId })
    }
  })
  const journeys = new JourneysService({
    demoFolder: adapters.demoFolder,
    resolveWorkspaceFolder: (id: string) => workspaces.readyFolder(id),
    resolveConnectionUri: (id: string) => connections.resolveConnectionUri(id),
    resolveQuerySettings: (id: string) => connections.resolveQuerySettings(id),
    // A saved connection's queries read through its mapping (the CLI gives --mapping instead).
    serverMapping: (source) =>
      source.kind === 'connection'
        ? connections.resolveFieldMapping(source.connectionId)
        : Promise.resolve(null),
    openedFolders: adapters.openedFolders ?? [],
    ...mongoClient
  })
  const mapping = new MappingService({
    demoFolder: adapters.demoFolder,
    database: (source, context) => journeys.database(source, context),
    openedFolders: adapters.openedFolders ?? []
  })
  const funnels = new SavedFunnelsService({ repository: adapters.savedFunnels })
  const downloads = adapters.saveDialog ? undefined : new DownloadRegistry<ExportJob>()
  const exports = new ExportService({
    journeys,
    ...(adapters.saveDialog ? { saveDialog: adapters.saveDialog } : {}),
    ...(downloads ? { downloads } : {})
  })
  const router = new RpcRouter(contracts, {
    connections,
    journeys,
    funnels,
    export: exports,
    mapping,
    workspaces
  })
  return {
    router,
    connections,
    journeys,
    funnels,
    exports,
    workspaces,
    close: async () => {
      router.cancelAll()
      downloads?.abortAll()
      await journeys.close()
    }
  }
}

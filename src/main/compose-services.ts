import { contracts } from '../shared/contracts'
import type { MongoClientSettings } from './mongo-client/connect-mongo-client'
import { RpcRouter } from './rpc/router'
import type { ConnectionRepository } from './services/connections/connection-repository'
import { ConnectionsService } from './services/connections/connections-service'
import type { SecretBox } from './services/connections/secret-box'
import type { SavedFunnelsRepository } from './services/funnels/saved-funnels-repository'
import { SavedFunnelsService } from './services/funnels/saved-funnels-service'
import { JourneysService } from './services/journeys/journeys-service'

export interface PlatformAdapters {
  /** Saved connections: electron-store on desktop, a JSON file in web mode. */
  repository: ConnectionRepository
  /** Passwords: safeStorage on desktop, this process only in web mode. */
  secrets: SecretBox
  /** Saved funnel definitions: electron-store on desktop, a JSON file in web mode. */
  savedFunnels: SavedFunnelsRepository
  /** The bundled demo workspace (NDJSON files). */
  demoFolder: string
}

export interface ComposedServices {
  router: RpcRouter
  connections: ConnectionsService
  journeys: JourneysService
  funnels: SavedFunnelsService
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
  const journeys = new JourneysService({
    demoFolder: adapters.demoFolder,
    resolveConnectionUri: (id: string) => connections.resolveConnectionUri(id),
    ...mongoClient
  })
  const funnels = new SavedFunnelsService({ repository: adapters.savedFunnels })
  const router = new RpcRouter(contracts, { connections, journeys, funnels })
  return {
    router,
    connections,
    journeys,
    funnels,
    close: async () => {
      router.cancelAll()
      await journeys.close()
    }
  }
}

import { z } from 'zod'
import { defineService, method } from '../rpc/contract'

export const DEMO_CONNECTION_ID = 'demo'

/** Where a saved password lives: the OS keychain via safeStorage, this process only, or nowhere. */
export type PasswordStorage = 'safeStorage' | 'session' | 'none'

export interface ConnectionSummary {
  id: string
  name: string
  kind: 'demo' | 'mongodb'
  /** The URI with any password replaced by `*****`. */
  redactedUri: string
  defaultDatabase: string | null
  passwordStorage: PasswordStorage
  /** False when a password was saved for this session only and the app has restarted since. */
  passwordAvailable: boolean
  createdAt: Date
}

/** What a server can do, as found by build info and a probe pipeline. */
export interface ServerCapabilities {
  flavor: 'mongodb' | 'ferretdb' | 'documentdb' | 'cosmosdb' | 'local' | 'unknown'
  version: string
  /** Aggregation stages and operators the journey pipelines need, each probed for real. */
  pipelineFeatures: {
    name: string
    supported: boolean
    /** Why a feature counts as missing: the server's answer to the probe, in its words. */
    reason?: string
  }[]
  /** `pipeline` when every feature works; otherwise the engine streams cursors through reducers. */
  strategy: 'pipeline' | 'reducer' | 'local'
}

export interface ConnectionTestResult {
  connectionId: string
  latencyMs: number
  capabilities: ServerCapabilities
  /** The server's databases; null when the user may not list them. */
  databases: string[] | null
}

const connectionNameSchema = z.string().trim().min(1, 'a name is needed').max(100)

export const connectionsContract = defineService('connections', {
  list: method<ConnectionSummary[]>()(
    z.object({}).default({}),
    'The demo workspace first, then saved connections by name.'
  ),
  add: method<ConnectionSummary>()(
    z.object({
      name: connectionNameSchema,
      uri: z.string().trim().min(1, 'a connection string is needed').max(4096)
    }),
    'Saves a connection; a password in the URI is stored encrypted, never in clear.'
  ),
  test: method<ConnectionTestResult>()(
    z.object({ id: z.string().min(1) }),
    'Connects, pings, reads the server version and probes what the server supports.'
  ),
  setPassword: method<ConnectionSummary>()(
    z.object({
      id: z.string().min(1),
      password: z.string().min(1, 'type the password').max(1024)
    }),
    'Gives a saved connection its password again (sealed as when it was added, never stored in clear).'
  ),
  remove: method<{ removed: boolean }>()(
    z.object({ id: z.string().min(1) }),
    'Forgets a saved connection and its password.'
  )
})

export type ConnectionsContract = typeof connectionsContract

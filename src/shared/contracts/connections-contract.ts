import { z } from 'zod'
import { fieldMappingSchema, type FieldMapping } from '../mapping/field-mapping'
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
  /** Time limits and read preference of the connection's queries (defaults when never set). */
  querySettings: QuerySettings
  /** How its databases' collections read as events, sessions and users; null: the seed schema. */
  fieldMapping: FieldMapping | null
}

/** MongoDB read preference modes, primary first. */
export const READ_PREFERENCE_MODES = [
  'primary',
  'primaryPreferred',
  'secondary',
  'secondaryPreferred',
  'nearest'
] as const
export type ReadPreferenceMode = (typeof READ_PREFERENCE_MODES)[number]

/** Where a connection's queries read: a mode and tag sets tried in order (`nodeType: ANALYTICS`). */
export interface ReadPreferenceSetting {
  mode: ReadPreferenceMode
  tags: Record<string, string>[]
}

/**
 * Limits a server deserves, per connection: every query carries `maxTimeMS`, short for the lookups a
 * support agent waits for, long for analyses; and heavy queries can read away from the primary
 * (an Atlas analytics node: `secondary` with tag set `nodeType: ANALYTICS`).
 */
export interface QuerySettings {
  /** `maxTimeMS` of customer search and case files. */
  lookupMaxTimeMS: number
  /** `maxTimeMS` of funnels, flows, the overview and exports. */
  analysisMaxTimeMS: number
  /** Null: as the connection string says (the primary unless it names another). */
  readPreference: ReadPreferenceSetting | null
}

export const DEFAULT_QUERY_SETTINGS: QuerySettings = {
  lookupMaxTimeMS: 5_000,
  analysisMaxTimeMS: 120_000,
  readPreference: null
}

const tagSetSchema = z
  .record(
    z.string().trim().min(1, 'a tag needs a name').max(100),
    z.string().trim().min(1, 'a tag needs a value').max(200)
  )
  .refine((tags) => Object.keys(tags).length > 0, 'a tag set needs at least one tag')

export const readPreferenceSchema = z
  .object({
    mode: z.enum(READ_PREFERENCE_MODES),
    tags: z.array(tagSetSchema).max(10).default([])
  })
  .refine((preference) => preference.mode !== 'primary' || preference.tags.length === 0, {
    message: 'the primary takes no tag sets: choose secondary, secondaryPreferred or nearest',
    path: ['tags']
  })

export const querySettingsSchema = z.object({
  lookupMaxTimeMS: z.number().int().min(100, 'at least 0.1 s').max(3_600_000, 'at most an hour'),
  analysisMaxTimeMS: z.number().int().min(1000, 'at least 1 s').max(86_400_000, 'at most a day'),
  readPreference: readPreferenceSchema.nullable()
})

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
      uri: z.string().trim().min(1, 'a connection string is needed').max(4096),
      querySettings: querySettingsSchema.optional()
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
  setQuerySettings: method<ConnectionSummary>()(
    z.object({ id: z.string().min(1), querySettings: querySettingsSchema }),
    "Sets a saved connection's time limits and read preference; its next query uses them."
  ),
  setFieldMapping: method<ConnectionSummary>()(
    z.object({ id: z.string().min(1), mapping: fieldMappingSchema.nullable() }),
    "Saves the field mapping a connection's queries read through (null: the seed schema again)."
  ),
  storageNotice: method<{ notice: string | null }>()(
    z.object({}).default({}),
    'What happened to the saved-connections file when it had to be repaired (null when it was fine).'
  ),
  remove: method<{ removed: boolean }>()(
    z.object({ id: z.string().min(1) }),
    'Forgets a saved connection and its password.'
  )
})

export type ConnectionsContract = typeof connectionsContract

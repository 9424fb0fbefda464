import type { ReadPreference } from 'mongodb'
import {
  DEFAULT_QUERY_SETTINGS,
  type QuerySettings,
  type ReadPreferenceSetting
} from '../../../shared/contracts/connections-contract'
import { mongoDriver } from '../../mongo-client/mongo-driver'
import type { CursorOptions } from './run-find'

/** The cursor options of the two kinds of query an engine runs. */
export interface QueryLimits {
  /** Customer search and case files: a person is waiting, the limit is short. */
  lookup: CursorOptions
  /** Funnels, flows, the overview and exports: heavy, long limit, may spill to disk. */
  analysis: CursorOptions
}

/** What the time-out message says about raising a limit where no setting is at hand. */
export const DEFAULT_RAISE_HINT =
  "Raise it in the connection's query settings (Connections screen), or narrow the date range or segment."

const BATCH_SIZE = 5000

/**
 * The limits a connection's settings give its queries: `maxTimeMS` per kind (named in the
 * time-out message with `howToRaise`), the read preference on every read, and `allowDiskUse` for
 * the sorted finds of analyses on MongoDB (the pipeline strategy's aggregations always carry it).
 */
export function queryLimitsFrom(
  settings: QuerySettings = DEFAULT_QUERY_SETTINGS,
  howToRaise: string = DEFAULT_RAISE_HINT,
  options: { batchSize?: number; diskUseOnFinds?: boolean; target?: string } = {}
): QueryLimits {
  const batchSize = options.batchSize ?? BATCH_SIZE
  // Named when the connection drops under a cursor (the hosts, never the URI).
  const target = options.target ? { target: options.target } : {}
  const readPreference = settings.readPreference
    ? { readPreference: toReadPreference(settings.readPreference) }
    : {}
  return {
    lookup: {
      batchSize,
      maxTimeMS: settings.lookupMaxTimeMS,
      timeLimit: {
        maxTimeMS: settings.lookupMaxTimeMS,
        appliesTo: 'search and case files',
        howToRaise
      },
      ...readPreference,
      ...target
    },
    analysis: {
      batchSize,
      maxTimeMS: settings.analysisMaxTimeMS,
      timeLimit: {
        maxTimeMS: settings.analysisMaxTimeMS,
        appliesTo: 'funnels, flows, the overview and exports',
        howToRaise
      },
      // Aggregations always may; sorted finds only on MongoDB, where the option is known for sure.
      allowDiskUse: options.diskUseOnFinds ?? false,
      ...readPreference,
      ...target
    }
  }
}

/** The driver's read preference for a setting (tag sets tried in order). */
export function toReadPreference(setting: ReadPreferenceSetting): ReadPreference {
  return new (mongoDriver().ReadPreference)(
    setting.mode,
    setting.tags.length > 0 ? setting.tags : undefined
  )
}

/** One set of cursor options for both kinds (tests and benchmarks that set their own). */
export function sameLimits(cursor: CursorOptions): QueryLimits {
  return { lookup: cursor, analysis: cursor }
}

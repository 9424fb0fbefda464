import type { Db, Document } from 'mongodb'
import type { ServerCapabilities } from '../../../shared/contracts/connections-contract'
import {
  pipelineFeatureProbe,
  probeOnCollection,
  probePasses,
  type FeatureProbe
} from '../pipelines/feature-probe'

export interface DetectOptions {
  signal?: AbortSignal
  /** The probes to run; by default every feature the journey pipelines use. */
  probes?: readonly FeatureProbe[]
  /** Limit per probe; a probe that takes longer counts as unsupported. */
  probeMaxTimeMS?: number
}

/** Host names of managed services that answer `buildInfo` like MongoDB but are not MongoDB. */
const DOCUMENTDB_HOST = /\.docdb(-elastic)?\.amazonaws\.com$/i
const COSMOSDB_HOST = /\.(mongo\.)?cosmos\.azure\.com$|\.documents\.azure\.com$/i

/**
 * Once per connection: names the server (build info and hello) and runs every feature probe, each a
 * tiny `$documents` pipeline whose answer is checked, not just accepted. The strategy is `pipeline`
 * only when every feature works; otherwise the engine streams cursors through the reducers.
 */
export async function detectCapabilities(
  db: Db,
  options: DetectOptions = {}
): Promise<ServerCapabilities> {
  const admin = db.admin()
  const buildInfo = await admin.command({ buildInfo: 1 }, commandOptions(options))
  const hello = await admin.command({ hello: 1 }, commandOptions(options)).catch(() => ({}))
  const { flavor, version } = identifyServer(buildInfo, hello, hostsOf(db))
  const pipelineFeatures: ServerCapabilities['pipelineFeatures'] = []
  for (const probe of options.probes ?? pipelineFeatureProbe) {
    pipelineFeatures.push({ name: probe.name, supported: await runProbe(db, probe, options) })
  }
  const strategy =
    pipelineFeatures.length > 0 && pipelineFeatures.every((feature) => feature.supported)
      ? 'pipeline'
      : 'reducer'
  return { flavor, version, pipelineFeatures, strategy }
}

/**
 * FerretDB says so in `buildInfo` (`ferretdbVersion`, or `ferretdb` in later releases) while it
 * reports a MongoDB version for drivers; Cosmos DB adds `_t` to its answers; DocumentDB and Cosmos
 * DB are also known by their host names. Anything else answering build info is taken as MongoDB.
 */
export function identifyServer(
  buildInfo: Document,
  hello: Document,
  hosts: readonly string[]
): Pick<ServerCapabilities, 'flavor' | 'version'> {
  const reported = typeof buildInfo.version === 'string' ? buildInfo.version : ''
  const ferret: unknown =
    buildInfo.ferretdbVersion ?? (buildInfo.ferretdb as Document | undefined)?.version
  if (typeof ferret === 'string' || buildInfo.ferretdb !== undefined) {
    const version = typeof ferret === 'string' ? ferret.replace(/^v/, '') : reported
    return { flavor: 'ferretdb', version }
  }
  if ('_t' in buildInfo || '_t' in hello || hosts.some((host) => COSMOSDB_HOST.test(host))) {
    return { flavor: 'cosmosdb', version: reported }
  }
  if (hosts.some((host) => DOCUMENTDB_HOST.test(host))) {
    return { flavor: 'documentdb', version: reported }
  }
  return { flavor: reported ? 'mongodb' : 'unknown', version: reported }
}

/**
 * A probe passes when its rows are the expected ones (a server that ignores a stage it does not
 * know fails here, not later). Servers without `$documents` (MongoDB 5.0) get the same probe over
 * one document of `events`, when there is one.
 */
async function runProbe(db: Db, probe: FeatureProbe, options: DetectOptions): Promise<boolean> {
  const aggregateOptions = { maxTimeMS: options.probeMaxTimeMS ?? 5000, ...signalOf(options) }
  const attempts = [
    () => db.aggregate(probe.pipeline, aggregateOptions).toArray(),
    () =>
      db
        .collection(PROBE_COLLECTION)
        .aggregate(probeOnCollection(probe), aggregateOptions)
        .toArray()
  ]
  for (const attempt of attempts) {
    try {
      if (probePasses(probe, await attempt())) return true
    } catch (error) {
      // A cancelled detection must not be cached as "unsupported": let the caller see it.
      if (options.signal?.aborted) throw error
    }
  }
  return false
}

const PROBE_COLLECTION = 'events'

function hostsOf(db: Db): string[] {
  const { hosts, srvHost } = db.client.options
  return [...hosts.map((address) => address.host ?? ''), srvHost ?? ''].filter(Boolean)
}

function commandOptions(options: DetectOptions): { signal?: AbortSignal } {
  return signalOf(options)
}

function signalOf(options: DetectOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {}
}

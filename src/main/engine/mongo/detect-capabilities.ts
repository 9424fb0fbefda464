import type { Collection, Db, Document } from 'mongodb'
import type { ServerCapabilities } from '../../../shared/contracts/connections-contract'
import { randomBytes } from 'node:crypto'
import {
  pipelineFeatureProbe,
  probeDocuments,
  probeOnCollection,
  probePasses,
  probeStages,
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
 * only when every feature works; otherwise the engine streams cursors through the reducers. A server
 * without `$documents` (FerretDB, MongoDB 5.0) gets each probe over a collection instead, so what it
 * is said to lack is what it really lacks.
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
  const scratch = new ScratchCollection(db, options)
  try {
    for (const probe of options.probes ?? pipelineFeatureProbe) {
      pipelineFeatures.push({ name: probe.name, ...(await runProbe(db, probe, scratch, options)) })
    }
  } finally {
    await scratch.drop()
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
 * know fails here, not later). Servers without `$documents` get the same probe over one document
 * of `events` (read-only, but it needs `$replaceWith`), and else over the probe's rows written to a
 * scratch collection (when the user may write; it is dropped at the end). A failed probe carries the
 * server's answer to the last way it could be run.
 */
async function runProbe(
  db: Db,
  probe: FeatureProbe,
  scratch: ScratchCollection,
  options: DetectOptions
): Promise<{ supported: boolean; reason?: string }> {
  const aggregateOptions = { maxTimeMS: probeMaxTimeMS(options), ...signalOf(options) }
  const attempts = [
    () => db.aggregate(probe.pipeline, aggregateOptions).toArray(),
    async () => {
      const rows = await db
        .collection(PROBE_COLLECTION)
        .aggregate(probeOnCollection(probe), aggregateOptions)
        .toArray()
      // No events to carry the probe: it did not run.
      return rows.length > 0 ? rows : null
    },
    async () => {
      const collection = await scratch.holding(probeDocuments(probe))
      if (!collection) return null
      // Numbered rows, read back in that order: probes like `$first` depend on it.
      return collection
        .aggregate([{ $sort: { _id: 1 } }, ...probeStages(probe)], aggregateOptions)
        .toArray()
    }
  ]
  let reason = 'It could not be run: the server lacks $documents, and no collection could carry it.'
  for (const [index, attempt] of attempts.entries()) {
    try {
      const rows = await attempt()
      if (rows && probePasses(probe, rows)) return { supported: true }
      if (rows) reason = 'The server answered with other rows than expected.'
    } catch (error) {
      // A cancelled detection must not be cached as "unsupported": let the caller see it.
      if (options.signal?.aborted) throw error
      // The events route fails on its own carrier stages ($replaceWith): that says nothing.
      if (index !== 1) reason = serverMessage(error)
    }
  }
  return { supported: false, reason }
}

/** The server's own words, on one line and short enough for a tag's tooltip. */
function serverMessage(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim()
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

const PROBE_COLLECTION = 'events'

function probeMaxTimeMS(options: DetectOptions): number {
  return options.probeMaxTimeMS ?? 5000
}

/**
 * A collection of this detection's own, created on first use with a name no one else has, refilled
 * for each probe and dropped at the end. A user who may not write gets `null`, once, and no retries.
 */
class ScratchCollection {
  readonly name = `journey_workbench_probe_${randomBytes(6).toString('hex')}`
  private written = false
  private refused = false

  constructor(
    private readonly db: Db,
    private readonly options: DetectOptions
  ) {}

  /** The collection holding exactly `rows`, numbered from 0 in `_id`; null where writing fails. */
  async holding(rows: readonly Record<string, unknown>[]): Promise<Collection<ProbeRow> | null> {
    if (this.refused || rows.length === 0) return null
    const collection = this.db.collection<ProbeRow>(this.name)
    const writeOptions = { timeoutMS: probeMaxTimeMS(this.options), ...signalOf(this.options) }
    try {
      this.written = true
      await collection.deleteMany({}, writeOptions)
      await collection.insertMany(
        rows.map((row, index) => ({ ...row, _id: index })),
        writeOptions
      )
      return collection
    } catch (error) {
      if (this.options.signal?.aborted) throw error
      this.refused = true
      return null
    }
  }

  async drop(): Promise<void> {
    if (!this.written) return
    await this.db
      .collection(this.name)
      .drop()
      .catch(() => undefined)
  }
}

type ProbeRow = Record<string, unknown> & { _id: number }

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

import { parseArgs } from 'node:util'

export const SECTIONS = [
  'local',
  'workspace',
  'duckdb',
  'mingo',
  'wire',
  'extract',
  'web',
  'funnel-render',
  'csv',
  'collector',
  'ferretdb-lookups',
  'soak',
  'big',
  'mapping'
] as const
/**
 * Sections run when `--only` names none: `big` (10M events), `soak` (10 min) and `mapping` (a
 * second shape of the data set, copied through its mapping) only when asked for.
 */
export const DEFAULT_SECTIONS = SECTIONS.filter(
  (section) => section !== 'big' && section !== 'soak' && section !== 'mapping'
)
export type Section = (typeof SECTIONS)[number]

export interface BenchArgs {
  /** Events of the local engine's (and mingo's) data set. */
  events: number
  /** Events loaded into the wire server. */
  wireEvents: number
  /** Events the csv section exports from the test server (issue 8 asks for 1,000,000). */
  csvServerEvents: number
  /** Timed runs per query after one warm-up. */
  runs: number
  /** Sections to run (all unless `--only`). */
  sections: Section[]
  seed: number
  /** mingo gives up on a query after this long and retries it on the smaller data set. */
  mingoTimeoutMs: number
  /** Heap limit of the mingo child process. */
  mingoHeapMb: number
  /** Events of the smaller data set used when mingo cannot finish on the full one. */
  mingoFallbackEvents: number
  /** Text whose appearance counts as "interactive" in web mode. */
  webText: string
  /** Collector section: how long the clients send, how many, and events per batch. */
  collectorSeconds: number
  collectorClients: number
  collectorBatch: number
  /** Events of the `big` section's data set (generated once and cached). */
  bigEvents: number
  /** Events loaded into FerretDB/PostgreSQL for the `ferretdb-lookups` section. */
  ferretEvents: number
  /** The `soak` section: how long, how many clients at once, and its data set's events. */
  soakMinutes: number
  soakClients: number
  soakEvents: number
  /** Events of the smaller data sets the `mapping` section runs mingo's pipelines on. */
  mappingMingoEvents: number
}

export const USAGE = `npm run bench -- [options]
  --events N            events of the local engine's data set (default 1,000,000)
  --wire-events N       events loaded into the wire server (default 200,000)
  --csv-server-events N events the csv section exports from the test server (default 1,000,000;
                        FerretDB/PostgreSQL loads and reads some 4,000-6,000 a second: about
                        15 minutes at the default)
  --runs N              timed runs per query after one warm-up (default 7)
  --only SECTION        local | workspace | duckdb | mingo | wire | extract | web |
                        funnel-render | csv | collector | ferretdb-lookups | soak | big |
                        mapping (repeatable; default: all but soak, big and mapping)
  --big-events N        events of the big section (default 10,000,000; generated once, cached)
  --seed N              data seed (default 1)
  --mingo-timeout-s N   per-query mingo limit before falling back (default 180)
  --mingo-heap-mb N     heap limit of the mingo child process (default 6144)
  --mingo-fallback-events N  smaller data set for mingo fallbacks (default events / 10)
  --web-text TEXT       text that marks web mode interactive (default "Demo workspace")
  --collector-seconds N how long the collector's clients send (default 20)
  --collector-clients N local clients sending batches at once (default 8)
  --collector-batch N   events per batch (default 50, at most 100)
  --ferret-events N     events loaded into FerretDB/PostgreSQL for ferretdb-lookups (default 267,000)
  --minutes N           how long the soak section runs (default 10)
  --soak-clients N      clients calling the web bridge at once in the soak (default 8)
  --soak-events N       events of the soak's data set (default 5,000)
  --mapping-mingo-events N  events of the mapping section's mingo data sets (default 5,000)`

/** Reads `process.argv`-style arguments; throws with the usage on anything unknown. */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '1000000' },
      'wire-events': { type: 'string', default: '200000' },
      'csv-server-events': { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '7' },
      only: { type: 'string', multiple: true },
      seed: { type: 'string', default: '1' },
      'mingo-timeout-s': { type: 'string', default: '180' },
      'mingo-heap-mb': { type: 'string', default: '6144' },
      'mingo-fallback-events': { type: 'string' },
      'web-text': { type: 'string', default: 'Demo workspace' },
      'collector-seconds': { type: 'string', default: '20' },
      'collector-clients': { type: 'string', default: '8' },
      'collector-batch': { type: 'string', default: '50' },
      'big-events': { type: 'string', default: '10000000' },
      'ferret-events': { type: 'string', default: '267000' },
      minutes: { type: 'string', default: '10' },
      'soak-clients': { type: 'string', default: '8' },
      'soak-events': { type: 'string', default: '5000' },
      'mapping-mingo-events': { type: 'string', default: '5000' },
      help: { type: 'boolean', default: false }
    },
    strict: true
  })
  if (values.help) throw new Error(USAGE)
  const events = wholeNumber('--events', values.events, 1000)
  const only = values.only ?? []
  for (const name of only) {
    if (!(SECTIONS as readonly string[]).includes(name)) {
      throw new Error(`--only must be one of ${SECTIONS.join(', ')}, not "${name}"\n\n${USAGE}`)
    }
  }
  return {
    events,
    wireEvents: wholeNumber('--wire-events', values['wire-events'], 1000),
    csvServerEvents: wholeNumber('--csv-server-events', values['csv-server-events'], 1000),
    runs: wholeNumber('--runs', values.runs, 1),
    sections: only.length > 0 ? (only as Section[]) : [...DEFAULT_SECTIONS],
    seed: wholeNumber('--seed', values.seed, 0),
    mingoTimeoutMs: wholeNumber('--mingo-timeout-s', values['mingo-timeout-s'], 1) * 1000,
    mingoHeapMb: wholeNumber('--mingo-heap-mb', values['mingo-heap-mb'], 256),
    mingoFallbackEvents: values['mingo-fallback-events']
      ? wholeNumber('--mingo-fallback-events', values['mingo-fallback-events'], 1000)
      : Math.max(1000, Math.round(events / 10)),
    webText: values['web-text'],
    collectorSeconds: wholeNumber('--collector-seconds', values['collector-seconds'], 1),
    collectorClients: wholeNumber('--collector-clients', values['collector-clients'], 1),
    collectorBatch: Math.min(100, wholeNumber('--collector-batch', values['collector-batch'], 1)),
    bigEvents: wholeNumber('--big-events', values['big-events'], 1000),
    ferretEvents: wholeNumber('--ferret-events', values['ferret-events'], 1000),
    soakMinutes: wholeNumber('--minutes', values.minutes, 1),
    soakClients: wholeNumber('--soak-clients', values['soak-clients'], 1),
    soakEvents: wholeNumber('--soak-events', values['soak-events'], 1000),
    mappingMingoEvents: wholeNumber('--mapping-mingo-events', values['mapping-mingo-events'], 1000)
  }
}

function wholeNumber(flag: string, text: string, min: number): number {
  const n = Number(text.replace(/[_,]/g, ''))
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`${flag} must be a whole number of at least ${min}, not "${text}"\n\n${USAGE}`)
  }
  return n
}

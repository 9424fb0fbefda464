import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { DEFAULT_MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from '../shared/collector/collect-protocol'
import { CliInputError } from '../main/cli/cli-input-error'
import { parseCommandLine } from '../main/cli/parse-args'
import { parseConnectionUri } from '../main/services/connections/parse-connection-uri'
import { AppError } from '../shared/errors'

/** A shop: the key its tag sends, and the page origins allowed to send with that key. */
export interface SiteConfig {
  key: string
  origins: string[]
}

export interface CollectorConfig {
  uri: string
  database: string
  host: string
  /** 0 picks a free port (printed when listening). */
  port: number
  sites: SiteConfig[]
  maxBodyBytes: number
  maxEventsPerBatch: number
  /** Requests per client (address and site key) per window. */
  rateLimit: { limit: number; windowMs: number }
  /** Express's `trust proxy`: how many reverse proxies' X-Forwarded-For to believe. */
  trustProxyHops: number
  /** How long a shutdown waits for batches in flight before closing their connections. */
  shutdownGraceMs: number
}

export const COLLECTOR_DEFAULTS = {
  host: '127.0.0.1',
  port: 8787,
  database: 'shop',
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  maxEventsPerBatch: MAX_EVENTS_PER_BATCH,
  rateLimit: { limit: 600, windowMs: 60_000 },
  trustProxyHops: 0,
  shutdownGraceMs: 10_000
} as const

export const COLLECTOR_USAGE = `Usage: npm run collector -- --uri <mongodb-uri> --site <key>=<origin>[,<origin>…] [options]

Receives the browser tracker's batches and writes users, sessions and events into MongoDB.

  --uri URI              MongoDB connection string (default: $MONGODB_URI)
  --db NAME              database (default: the URI's, else "shop")
  --site KEY=ORIGINS     a site key and the page origins (comma-separated) that may send with it;
                         repeat for several shops, e.g. --site shop=https://shop.example.com
  --config FILE          a JSON file with these settings (command-line options win):
                         {"uri", "database", "host", "port", "sites": [{"key", "origins"}],
                          "maxBodyBytes", "maxEventsPerBatch", "rateLimit": {"limit", "windowMs"},
                          "trustProxyHops", "shutdownGraceMs"}
  --host HOST            address to listen on (default 127.0.0.1)
  --port N               port (default 8787; 0 = any free port)
  --max-body-kb N        largest request body in KiB (default 64); larger ones get 413
  --max-batch N          most events per batch (default and maximum ${MAX_EVENTS_PER_BATCH}); more get 413
  --rate-limit N/PERIOD  requests per client address and site (default 600/min; PERIOD s, min or h)
  --trust-proxy N        reverse proxies in front whose X-Forwarded-For to believe (default 0)
  --shutdown-grace-s N   on SIGTERM, wait this long for batches in flight (default 10)
  -h, --help             this text

Exit codes: 0 stopped cleanly, 2 bad input, 1 failure (e.g. MongoDB unreachable).`

const originSchema = z.string().transform((text, context) => {
  const origin = normaliseOrigin(text)
  if (origin === null) {
    context.addIssue({
      code: 'custom',
      message: `"${text}" is not an origin such as https://shop.example.com`
    })
    return z.NEVER
  }
  return origin
})

const siteSchema = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a site key is 1 to 64 letters, digits, - or _'),
  origins: z.array(originSchema).min(1, 'a site needs at least one allowed origin')
})

const fileSchema = z
  .object({
    uri: z.string(),
    database: z.string().min(1),
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    sites: z.array(siteSchema),
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024),
    maxEventsPerBatch: z.number().int().min(1).max(MAX_EVENTS_PER_BATCH),
    rateLimit: z.object({
      limit: z.number().int().min(1),
      windowMs: z.number().int().min(1000)
    }),
    trustProxyHops: z.number().int().min(0).max(10),
    shutdownGraceMs: z.number().int().min(0).max(600_000)
  })
  .partial()
  .strict()

type ConfigFile = z.infer<typeof fileSchema>

/** `https://Shop.example.com:443/` → `https://shop.example.com`; null for anything else. */
export function normaliseOrigin(text: string): string | null {
  try {
    const url = new URL(text)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    if (url.pathname !== '/' || url.search || url.hash || url.username) return null
    return url.origin
  } catch {
    return null
  }
}

/**
 * The collector's settings from its command line (and `--config` file, and `MONGODB_URI`).
 * Throws CliInputError, with what to fix, on anything unusable; returns null for `--help`.
 */
export async function readCollectorConfig(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env
): Promise<CollectorConfig | null> {
  const { values, positionals } = parseCommandLine(argv, {
    uri: { type: 'string' },
    db: { type: 'string' },
    site: { type: 'string', multiple: true },
    config: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'max-body-kb': { type: 'string' },
    'max-batch': { type: 'string' },
    'rate-limit': { type: 'string' },
    'trust-proxy': { type: 'string' },
    'shutdown-grace-s': { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  })
  if (values.help) return null
  if (positionals.length > 0) throw new CliInputError(`unexpected argument ${positionals[0] ?? ''}`)
  const file = values.config ? await readConfigFile(values.config) : {}

  const uri = values.uri ?? file.uri ?? env.MONGODB_URI
  if (!uri) throw new CliInputError('--uri is required (or MONGODB_URI, or "uri" in --config)')
  let uriDatabase: string | null
  try {
    uriDatabase = parseConnectionUri(uri).defaultDatabase
  } catch (error) {
    throw new CliInputError(`--uri: ${error instanceof AppError ? error.message : String(error)}`)
  }
  const sites = values.site ? values.site.map(parseSiteOption) : (file.sites ?? [])
  if (sites.length === 0) {
    throw new CliInputError(
      'name at least one site: --site <key>=<origin>, e.g. --site demo-shop=http://127.0.0.1:5180'
    )
  }
  const repeated = sites.find((site, i) => sites.findIndex((s) => s.key === site.key) !== i)
  if (repeated) throw new CliInputError(`site key "${repeated.key}" is given twice`)

  return {
    uri,
    database: values.db ?? file.database ?? uriDatabase ?? COLLECTOR_DEFAULTS.database,
    host: values.host ?? file.host ?? COLLECTOR_DEFAULTS.host,
    port: numberOption('--port', values.port, 0, 65535) ?? file.port ?? COLLECTOR_DEFAULTS.port,
    sites,
    maxBodyBytes:
      kib(numberOption('--max-body-kb', values['max-body-kb'], 1, 16 * 1024)) ??
      file.maxBodyBytes ??
      COLLECTOR_DEFAULTS.maxBodyBytes,
    maxEventsPerBatch:
      numberOption('--max-batch', values['max-batch'], 1, MAX_EVENTS_PER_BATCH) ??
      file.maxEventsPerBatch ??
      COLLECTOR_DEFAULTS.maxEventsPerBatch,
    rateLimit: values['rate-limit']
      ? parseRateLimit(values['rate-limit'])
      : (file.rateLimit ?? { ...COLLECTOR_DEFAULTS.rateLimit }),
    trustProxyHops:
      numberOption('--trust-proxy', values['trust-proxy'], 0, 10) ??
      file.trustProxyHops ??
      COLLECTOR_DEFAULTS.trustProxyHops,
    shutdownGraceMs:
      seconds(numberOption('--shutdown-grace-s', values['shutdown-grace-s'], 0, 600)) ??
      file.shutdownGraceMs ??
      COLLECTOR_DEFAULTS.shutdownGraceMs
  }
}

/** `demo-shop=http://127.0.0.1:5180,http://localhost:5180` */
export function parseSiteOption(text: string): SiteConfig {
  const equals = text.indexOf('=')
  if (equals <= 0) {
    throw new CliInputError(`--site takes <key>=<origin>[,<origin>…], not "${text}"`)
  }
  const parsed = siteSchema.safeParse({
    key: text.slice(0, equals),
    origins: text
      .slice(equals + 1)
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '')
  })
  if (!parsed.success) {
    throw new CliInputError(
      `--site ${text}: ${parsed.error.issues.map((i) => i.message).join('; ')}`
    )
  }
  return parsed.data
}

/** `600/min`, `20/s`, `10000/h`. */
export function parseRateLimit(text: string): { limit: number; windowMs: number } {
  const match = /^(\d+)\s*\/\s*(s|sec|second|min|minute|h|hour)$/i.exec(text.trim())
  const limit = Number(match?.[1])
  if (!match || !Number.isSafeInteger(limit) || limit < 1) {
    throw new CliInputError(`--rate-limit takes N/PERIOD such as 600/min, not "${text}"`)
  }
  const unit = (match[2] ?? '').toLowerCase()
  const windowMs = unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : 3_600_000
  return { limit, windowMs }
}

async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new CliInputError(
      `--config ${path}: ${error instanceof Error ? error.message : String(error)}`
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new CliInputError(
      `--config ${path} is not JSON: ${error instanceof Error ? error.message : ''}`
    )
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message
    )
    throw new CliInputError(`--config ${path}: ${reasons.join('; ')}`)
  }
  return parsed.data
}

function numberOption(
  flag: string,
  text: string | undefined,
  min: number,
  max: number
): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliInputError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`)
  }
  return n
}

function kib(n: number | undefined): number | undefined {
  return n === undefined ? undefined : n * 1024
}

function seconds(n: number | undefined): number | undefined {
  return n === undefined ? undefined : n * 1000
}

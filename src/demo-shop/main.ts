import { CliInputError } from '../main/cli/cli-input-error'
import { parseCommandLine } from '../main/cli/parse-args'
import {
  COLLECTOR_DEFAULTS,
  normaliseOrigin,
  readCollectorConfig
} from '../collector/collector-config'
import { errorText, jsonLinesLog } from '../collector/collector-log'
import { startCollector, type RunningCollector } from '../collector/start-collector'
import { DEMO_SITE_KEY, serveDemoShop } from './serve-demo-shop'

export const DEMO_SHOP_USAGE = `Usage: npm run demo-shop -- --uri <mongodb-uri> [--db shop] [options]
       npm run demo-shop -- --collector <url> [options]

Serves a small shop (home, categories, products, cart, checkout) whose pages carry the tracker's
tag. With --uri it also runs a collector that writes into that database; with --collector the
pages send to a collector already running (it must allow the shop's origin for site "${DEMO_SITE_KEY}").

  --uri URI              MongoDB connection string: start a collector writing there
  --db NAME              its database (default: the URI's, else "shop")
  --collector URL        use this running collector instead
  --host HOST            address of the shop and its collector (default 127.0.0.1)
  --port N               the shop's port (default 5180; 0 = any free port)
  --collector-port N     the collector's port with --uri (default ${COLLECTOR_DEFAULTS.port}; 0 = any)
  -h, --help             this text`

/** `npm run demo-shop`: runs until SIGTERM or SIGINT. Exit 0 after a clean stop, 2 bad input, 1 failure. */
export async function runDemoShop(argv: string[]): Promise<number> {
  let values
  try {
    values = parseCommandLine(argv, {
      uri: { type: 'string' },
      db: { type: 'string' },
      collector: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'collector-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }).values
    if (values.help) {
      process.stdout.write(`${DEMO_SHOP_USAGE}\n`)
      return 0
    }
    if (!values.uri === !values.collector) {
      throw new CliInputError('give either --uri (to run a collector) or --collector <url>')
    }
    if (values.collector && normaliseOrigin(values.collector) === null) {
      throw new CliInputError(
        `--collector must be an origin such as http://127.0.0.1:8787, not "${values.collector}"`
      )
    }
  } catch (error) {
    if (!(error instanceof CliInputError)) throw error
    process.stderr.write(`demo-shop: ${error.message}\n\nRun with --help for the options.\n`)
    return 2
  }
  const host = values.host ?? '127.0.0.1'
  const port = values.port ?? '5180'
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    process.stderr.write(
      `demo-shop: --port must be a whole number from 0 to 65535, not "${port}"\n`
    )
    return 2
  }

  let collector: RunningCollector | undefined
  let collectorUrl = values.collector ? (normaliseOrigin(values.collector) ?? '') : ''
  const shop = await serveDemoShop({ host, port: Number(port), collectorUrl: () => collectorUrl })
  try {
    if (values.uri) {
      const origins = [shop.origin, shop.origin.replace('//127.0.0.1:', '//localhost:')]
      const config = await readCollectorConfig([
        '--uri',
        values.uri,
        ...(values.db ? ['--db', values.db] : []),
        '--host',
        host,
        '--port',
        values['collector-port'] ?? String(COLLECTOR_DEFAULTS.port),
        '--site',
        `${DEMO_SITE_KEY}=${[...new Set(origins)].join(',')}`
      ])
      if (!config) return 0
      collector = await startCollector(config, {
        log: jsonLinesLog((line) => process.stderr.write(line))
      })
      collectorUrl = collector.url
      process.stdout.write(`Collector: ${collector.url} (database "${config.database}")\n`)
    }
  } catch (error) {
    await shop.stop()
    const bad = error instanceof CliInputError
    process.stderr.write(
      `demo-shop: ${bad ? error.message : `could not start the collector: ${errorText(error)}`}\n`
    )
    return bad ? 2 : 1
  }
  process.stdout.write(`Demo shop: ${shop.url} (the tracker sends to ${collectorUrl})\n`)
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void Promise.all([shop.stop(), collector?.stop()]).then(() => {
        resolve()
      })
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
  return 0
}

import { CliInputError } from '../main/cli/cli-input-error'
import { COLLECTOR_USAGE, readCollectorConfig } from './collector-config'
import { errorText, jsonLinesLog } from './collector-log'
import { startCollector } from './start-collector'

/**
 * `npm run collector -- …`: runs until SIGTERM or SIGINT, then stops gracefully. Resolves with the
 * exit code: 0 after a clean stop, 2 for bad input, 1 when it could not start.
 */
export async function runCollector(argv: string[]): Promise<number> {
  let config
  try {
    config = await readCollectorConfig(argv)
  } catch (error) {
    if (!(error instanceof CliInputError)) throw error
    process.stderr.write(`collector: ${error.message}\n\nRun with --help for the options.\n`)
    return 2
  }
  if (config === null) {
    process.stdout.write(`${COLLECTOR_USAGE}\n`)
    return 0
  }
  const log = jsonLinesLog()
  let collector
  try {
    collector = await startCollector(config, { log })
  } catch (error) {
    process.stderr.write(`collector: could not start: ${errorText(error)}\n`)
    return 1
  }
  log('info', 'listening', {
    url: collector.url,
    database: config.database,
    sites: config.sites.map((site) => site.key)
  })
  const running = collector
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      log('info', 'signal', { signal })
      void running.stop().then(resolve)
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
  return 0
}

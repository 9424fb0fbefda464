import { resolve } from 'node:path'
import { extractFromServer } from '../../workspace/server-workspace'
import { CliInputError } from '../cli-input-error'
import { parseCommandLine } from '../parse-args'
import { parseDateOption } from '../parse-date-option'
import { rejectPositionals, type CliCommand } from './command'

const OPTIONS = {
  uri: { type: 'string' },
  db: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

export const extractCommand: CliCommand = {
  usage: `journey extract --uri <uri> --db <name> --out <folder> [--from <date>] [--to <date>]
  --uri <uri> --db <name>    the server and database to copy
  --out <folder>             the workspace: a new or empty folder (or one an interrupted extract
                             of the same database and range left: it goes on from there)
  --from <date> --to <date>  only events with from <= timestamp < to, with their sessions and users
                             (default: the three collections whole)
  --progress                 progress on stderr even when it is not a terminal

Then query it with --data <folder>, and bring it up to date with journey refresh <folder>.`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    if (values.uri === undefined || values.db === undefined) {
      throw new CliInputError('extract needs --uri <uri> and --db <name>')
    }
    if (values.out === undefined) throw new CliInputError('extract needs --out <folder>')
    const from = parseDateOption('from', values.from)
    const to = parseDateOption('to', values.to)
    if (from && to && from >= to) throw new CliInputError('--from must be before --to')
    const started = performance.now()
    const result = await extractFromServer(
      { uri: values.uri, database: values.db },
      resolve(values.out),
      { ...(from ? { from } : {}), ...(to ? { to } : {}) },
      context.callContext
    )
    const seconds = (performance.now() - started) / 1000
    context.writeResult(
      {
        folder: result.folder,
        counts: result.counts,
        highWater: result.highWater,
        resumed: result.resumed,
        seconds: Math.round(seconds * 10) / 10,
        eventsPerSecond:
          result.eventsMs > 0 ? Math.round((result.counts.events / result.eventsMs) * 1000) : null,
        cache: result.cache
          ? { path: result.cache.cachePath, bytes: result.cache.cacheBytes }
          : null
      },
      'json'
    )
  }
}

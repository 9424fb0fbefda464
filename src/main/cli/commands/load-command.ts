import { resolve } from 'node:path'
import { loadFolderIntoMongo } from '../../data/loader/load-into-mongodb'
import { toAppError } from '../../errors/to-app-error'
import { connectMongoClient } from '../../mongo-client/connect-mongo-client'
import { describeHosts } from '../../mongo-client/describe-hosts'
import { CliInputError } from '../cli-input-error'
import { parseCommandLine } from '../parse-args'
import { rejectPositionals, type CliCommand } from './command'

const OPTIONS = {
  data: { type: 'string' },
  uri: { type: 'string' },
  db: { type: 'string' },
  drop: { type: 'boolean' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

export const loadCommand: CliCommand = {
  usage: `journey load --data <folder> --uri <uri> --db <name> [--drop]
  --data <folder>            users, sessions and events as .ndjson or .ndjson.gz
  --uri <uri> --db <name>    the target server and database
  --drop                     replace the three collections if they hold documents
  --progress                 progress on stderr even when it is not a terminal`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    if (values.data === undefined) throw new CliInputError('load needs --data <folder>')
    if (values.uri === undefined || values.db === undefined) {
      throw new CliInputError('load needs --uri <uri> and --db <name>')
    }
    const target = describeHosts(values.uri)
    context.reportProgress({ phase: `Connecting to ${target}`, done: 0 })
    const client = await connectMongoClient(values.uri, { signal: context.signal })
    try {
      const started = performance.now()
      const result = await loadFolderIntoMongo({
        folder: resolve(values.data),
        db: client.db(values.db),
        drop: values.drop === true,
        signal: context.signal,
        onProgress: (progress) => {
          context.reportProgress({
            phase: `Loading ${progress.phase}`,
            done: Math.round(progress.fraction * 100),
            total: 100,
            message:
              progress.phase === 'indexes'
                ? '%'
                : `% (${progress.inserted.toLocaleString('en-US')} ${progress.phase})`
          })
        }
      })
      const seconds = Math.round((performance.now() - started) / 100) / 10
      context.writeResult({ database: values.db, seconds, ...result }, 'json')
    } catch (error) {
      const failure = toAppError(error, { target, signal: context.signal })
      const occupied = (failure.details as { occupied?: unknown } | undefined)?.occupied
      if (Array.isArray(occupied)) {
        throw new CliInputError(
          `database "${values.db}" already has documents in ${occupied.join(', ')}: add --drop to replace them, or load into another --db`
        )
      }
      throw failure
    } finally {
      await client.close()
    }
  }
}

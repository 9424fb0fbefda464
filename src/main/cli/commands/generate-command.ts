import { resolve } from 'node:path'
import { generateDemoFolder } from '../../data/demo/generate-demo-folder'
import { DEMO_SHAPES } from '../../data/demo/shapes/demo-shape'
import { CliInputError } from '../cli-input-error'
import { parseChoiceOption, parseCommandLine, parseIntegerOption } from '../parse-args'
import { rejectPositionals, type CliCommand } from './command'

const OPTIONS = {
  out: { type: 'string' },
  users: { type: 'string' },
  seed: { type: 'string' },
  'id-kind': { type: 'string' },
  gzip: { type: 'boolean' },
  shape: { type: 'string' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

const DEFAULT_USERS = 1000
const DEFAULT_SEED = 1

export const generateCommand: CliCommand = {
  usage: `journey generate --out <folder> [options]
  --out <folder>             where users.ndjson, sessions.ndjson and events.ndjson go
  --users N                  number of users (default ${DEFAULT_USERS}); about 60 events each
  --seed S                   same seed, same files (default ${DEFAULT_SEED})
  --id-kind string|objectId  _id type (default string: u000042, s0000123, ...)
  --gzip                     write .ndjson.gz
  --shape seed|segment|posthog
                             the documents' shape (default seed: users, sessions, events);
                             segment: identifies + tracks, no sessions; posthog: persons +
                             events with $pageview and absolute URLs. Same simulated visits.
  --progress                 progress on stderr even when it is not a terminal`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    if (values.out === undefined) throw new CliInputError('generate needs --out <folder>')
    const users = parseIntegerOption('users', values.users, { min: 1 }) ?? DEFAULT_USERS
    const seed =
      parseIntegerOption('seed', values.seed, { min: 0, max: 2 ** 32 - 1 }) ?? DEFAULT_SEED
    const idKind = parseChoiceOption('id-kind', values['id-kind'], ['string', 'objectId'] as const)
    const shape = parseChoiceOption('shape', values.shape, DEMO_SHAPES)
    const outDir = resolve(values.out)
    const result = await generateDemoFolder({
      outDir,
      users,
      seed,
      ...(idKind ? { idKind } : {}),
      ...(shape ? { shape } : {}),
      gzip: values.gzip === true,
      signal: context.signal,
      onProgress: (progress) => {
        context.reportProgress({
          phase: 'Generating users',
          done: progress.users,
          total: users,
          message: `(${progress.events.toLocaleString('en-US')} events)`
        })
      }
    })
    context.writeResult({ out: outDir, seed, ...result }, 'json')
  }
}

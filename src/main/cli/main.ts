import { parseArgs } from 'node:util'
import type { ErrorCode } from '../../shared/errors'
import { demoWorkspaceFolder } from '../app-paths'
import { toErrorEnvelope } from '../errors/to-app-error'
import { CliContext, type CliIo } from './cli-context'
import { COMMANDS } from './command-table'
import { CliInputError } from './cli-input-error'

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_BAD_INPUT = 2

/** Failures the person at the keyboard can fix by changing the command or its data. */
const BAD_INPUT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_INPUT',
  'INVALID_URI',
  'NOT_FOUND',
  'DATA_INVALID'
])

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length))
  return [
    'Usage: journey <command> [options]   (journey <command> --help for its options)',
    '',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'JSON goes to stdout, progress and messages to stderr. Exit codes: 0 done, 2 bad input, 1 failure.',
    'A reader that stops early (journey … | head) ends the command quietly, with exit code 0.',
    ''
  ].join('\n')
}

/**
 * Runs one command line and returns the exit code: 0 on success, 2 on bad input (with one line on
 * stderr saying what to fix), 1 on any other failure. Every query goes through the JourneysService.
 */
export async function runCli(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
  signal: AbortSignal = new AbortController().signal,
  demoFolder: string = demoWorkspaceFolder()
): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ;(name === undefined ? io.stderr : io.stdout).write(usage())
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK
  }
  const entry = COMMANDS.find((candidate) => candidate.name === name)
  if (!entry) {
    io.stderr.write(`journey: unknown command "${name}"\n\n${usage()}`)
    return EXIT_BAD_INPUT
  }
  const command = await entry.load()
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.helpFor?.(args) ?? command.usage}\n`)
    return EXIT_OK
  }
  const reader = watchOutputReader(io, signal)
  const context = new CliContext(io, reader.signal, demoFolder, mappingFileOf(args))
  try {
    await command.run(args, context)
    return EXIT_OK
  } catch (error) {
    context.endProgress()
    // The reader asked for no more (`| head`): the command stopped on purpose, quietly.
    if (reader.gone()) return EXIT_OK
    return reportFailure(io, entry.name, error)
  } finally {
    await context.close()
    reader.stopWatching()
  }
}

/**
 * `journey … | head`: the pipe's reader closes stdout before the command is done (EPIPE). The
 * command is cancelled through its signal (an export's cursor is closed, its engines too) and
 * ends with exit code 0 and nothing on stderr, as git and other tools do for a reader that has
 * read enough. Other stdout errors are left to the caller (an export reports them as failures).
 * Errors on stderr (closed by `2>&1 | head`) are ignored: there is nowhere left to say them.
 */
function watchOutputReader(
  io: CliIo,
  signal: AbortSignal
): { signal: AbortSignal; gone: () => boolean; stopWatching: () => void } {
  const closed = new AbortController()
  const onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') closed.abort(error)
  }
  const onStderrError = (): void => undefined
  io.stdout.on('error', onStdoutError)
  io.stderr.on('error', onStderrError)
  return {
    signal: AbortSignal.any([signal, closed.signal]),
    gone: () => closed.signal.aborted,
    stopWatching: () => {
      io.stdout.off('error', onStdoutError)
      io.stderr.off('error', onStderrError)
    }
  }
}

/** `--mapping FILE.json` wherever it is among a command's arguments (each command checks the rest). */
function mappingFileOf(args: string[]): string | undefined {
  try {
    const { values } = parseArgs({
      args,
      options: { mapping: { type: 'string' } },
      strict: false,
      allowPositionals: true
    })
    return typeof values.mapping === 'string' ? values.mapping : undefined
  } catch {
    return undefined
  }
}

function reportFailure(io: CliIo, commandName: string, error: unknown): number {
  if (error instanceof CliInputError) {
    io.stderr.write(`journey ${commandName}: ${error.message}\n`)
    return EXIT_BAD_INPUT
  }
  const envelope = toErrorEnvelope(error)
  io.stderr.write(`journey ${commandName}: ${envelope.message}\n`)
  if (envelope.code === 'INTERNAL' && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack}\n`)
  }
  return BAD_INPUT_CODES.has(envelope.code) ? EXIT_BAD_INPUT : EXIT_FAILURE
}

/** A bad option on the web mode's command line: exit code 2. */
export class StartInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StartInputError'
  }
}

/**
 * Why the web mode could not start, in words that name the fix, and its exit code: 2 for bad
 * options (parseArgs errors included), 1 for anything else.
 */
export function describeStartFailure(error: unknown): { message: string; exitCode: 1 | 2 } {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'EADDRINUSE') {
    const port = (error as { port?: unknown }).port
    const which = typeof port === 'number' ? `Port ${port}` : 'The port'
    return {
      message: `${which} is already in use (another Journey Workbench, or another server?). Stop it, or pick another port: --port 0 takes any free one.`,
      exitCode: 1
    }
  }
  if (code === 'EACCES') {
    return {
      message:
        'Not allowed to listen on that port. Pick a port above 1023, or --port 0 for any free one.',
      exitCode: 1
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  const badInput =
    error instanceof StartInputError ||
    (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
  return { message, exitCode: badInput ? 2 : 1 }
}

/** One JSON line per event of the collector's life (start, listening, drain, failures). */
export type CollectorLog = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>
) => void

/** Writes JSON lines to `write` (stdout by default): what log shippers expect of a service. */
export function jsonLinesLog(
  write: (line: string) => void = (line) => process.stdout.write(line)
): CollectorLog {
  return (level, message, fields = {}) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`)
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

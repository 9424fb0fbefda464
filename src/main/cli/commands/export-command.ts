import { resolve } from 'node:path'
import { exportRequestSchema } from '../../../shared/export/export-request'
import { formatBytes, formatRows } from '../../../shared/export/export-progress'
import type { ExportResult } from '../../../shared/export/export-results'
import { formatDuration } from '../../../shared/format'
import { ExportService } from '../../services/export/export-service'
import type { CliContext } from '../cli-context'
import { exportProgressLine } from '../export-progress-line'
import { CLI_EXPORT_KINDS, type CliExportKind } from '../export-requests'
import { CliInputError } from '../cli-input-error'
import { parseCommandLine, SCOPE_OPTIONS, SOURCE_OPTIONS } from '../parse-args'
import { validateInput } from '../validate-input'
import type { CliCommand } from './command'

/** What every export takes besides its kind's options. */
const EXPORT_OPTIONS = {
  out: { type: 'string', short: 'o' },
  columns: { type: 'string' },
  bom: { type: 'boolean' },
  'no-formula-guard': { type: 'boolean' },
  'list-columns': { type: 'boolean' }
} as const

/** Source options without --explain (an export prints no plan). */
const { explain: _explain, ...EXPORT_SOURCE_OPTIONS } = SOURCE_OPTIONS
const { explain: _scopeExplain, ...EXPORT_SCOPE_OPTIONS } = SCOPE_OPTIONS

const COMMON_USAGE = `Output:
  --out FILE.csv | -         where to write (- is standard output); written as FILE.csv.partial
                             and renamed when complete, removed on failure or Ctrl-C
  --columns a,b,c            these columns, in this order (see --list-columns)
  --list-columns             print the export's columns (key and header) and stop
  --bom                      start with a UTF-8 byte order mark (for Excel)
  --no-formula-guard         keep text starting with = + - @ as it is (raw data for programs,
                             not for spreadsheets)
  --progress                 progress on stderr even when it is not a terminal
Data (one of; neither means the bundled demo workspace):
  --data <folder>            NDJSON folder
  --uri <uri> --db <name>    a MongoDB server and database`

const SCOPE_USAGE = `Scope:
  --from <date> --to <date>  ISO dates; from <= timestamp < to
  --browser X  --os Y        keep sessions on these (repeatable)
  --meta key=value           keep events whose metadata.key equals value (repeatable)`

function kindUsage(kind: CliExportKind): string {
  return [`journey export ${kind.usage}`, COMMON_USAGE, ...(kind.scoped ? [SCOPE_USAGE] : [])].join(
    '\n'
  )
}

const USAGE = `journey export <kind> ... --out FILE.csv|-   (journey export <kind> --help for its options)

${CLI_EXPORT_KINDS.map((kind) => `  ${kind.name.padEnd(13)} ${kind.summary}`).join('\n')}

Every row of the result is streamed to the file (no page limits): RFC 4180 CSV, CRLF, UTF-8,
dates in ISO 8601 UTC, ids as hex, nested fields as a.b, arrays as JSON.`

export const exportCommand: CliCommand = {
  usage: USAGE,
  helpFor(args) {
    const kind = CLI_EXPORT_KINDS.find((candidate) => candidate.name === args[0])
    return kind ? kindUsage(kind) : USAGE
  },

  async run(args, context) {
    const [kindName, ...rest] = args
    const kind = CLI_EXPORT_KINDS.find((candidate) => candidate.name === kindName)
    if (!kind) {
      throw new CliInputError(
        kindName === undefined || kindName.startsWith('-')
          ? `which export? one of ${CLI_EXPORT_KINDS.map((k) => k.name).join(', ')}`
          : `unknown export "${kindName}"; one of ${CLI_EXPORT_KINDS.map((k) => k.name).join(', ')}`
      )
    }
    const { values, positionals } = parseCommandLine(rest, {
      ...(kind.scoped ? EXPORT_SCOPE_OPTIONS : EXPORT_SOURCE_OPTIONS),
      ...EXPORT_OPTIONS,
      ...kind.options
    })
    const request = validateInput(
      exportRequestSchema,
      kind.request(values, positionals),
      kind.flags
    )
    context.enableProgress(values.progress === true)
    context.formatProgressWith(exportProgressLine())
    const exports = new ExportService({ journeys: context.journeys() })
    if (values['list-columns'] === true) {
      const preview = await exports.preview({ request }, context.callContext)
      context.endProgress()
      context.io.stdout.write(
        preview.columns.map((column) => `${column.key}\t${column.header}\n`).join('')
      )
      for (const note of preview.notes) context.io.stderr.write(`note: ${note}\n`)
      return
    }
    const out = typeof values.out === 'string' ? values.out : undefined
    if (out === undefined || out === '') {
      throw new CliInputError('where to? --out FILE.csv, or --out - for standard output')
    }
    const columns = typeof values.columns === 'string' ? parseColumns(values.columns) : undefined
    const job = {
      request,
      options: {
        bom: values.bom === true,
        formulaGuard: values['no-formula-guard'] !== true,
        ...(columns ? { columns } : {})
      }
    }
    const result =
      out === '-'
        ? await exports.exportToStream(job, context.io.stdout, context.callContext)
        : await exports.exportToFile(job, resolve(out), context.callContext)
    context.endProgress()
    reportResult(context, result)
  }
}

function parseColumns(text: string): string[] {
  const columns = text
    .split(',')
    .map((column) => column.trim())
    .filter((column) => column !== '')
  if (columns.length === 0) throw new CliInputError('--columns needs at least one column key')
  return columns
}

/** One line on stderr with what was written, then every warning. */
function reportResult(context: CliContext, result: ExportResult): void {
  const where = result.path ?? 'standard output'
  context.io.stderr.write(
    `Wrote ${formatRows(result.rowsWritten)} (${formatBytes(result.bytesWritten)}) to ${where} in ${formatDuration(result.durationMs / 1000)}.\n`
  )
  for (const warning of result.warnings) context.io.stderr.write(`warning: ${warning}\n`)
}

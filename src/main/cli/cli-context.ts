import type { Writable } from 'node:stream'
import type { Progress } from '../../shared/rpc/contract'
import type { CallContext } from '../../shared/rpc/contract'
import type { QueryPlan } from '../../shared/journeys/results'
import { JourneysService } from '../services/journeys/journeys-service'
import { CliInputError } from './cli-input-error'
import { serverMappingFile, throughMappingFile } from './through-mapping'
import { formatCsv, formatJson, formatTextTable, type Table } from './format-table'
import { formatPlanForMongosh } from '../../shared/journeys/format-mongosh'

export interface CliIo {
  stdout: Writable
  stderr: Writable & { isTTY?: boolean; columns?: number }
}

export const OUTPUT_FORMATS = ['json', 'csv', 'table'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

/** What a command gets: output streams, the call context, and the journeys service (made lazily). */
export class CliContext {
  private service: JourneysService | null = null
  private progressText: (progress: Progress) => string = describeProgress
  private progressLine = false
  private lastProgressAt = 0
  private showProgress = false
  private lastText = 'Working'
  private readonly startedAt = Date.now()
  private heartbeat: ReturnType<typeof setInterval> | null = null

  constructor(
    readonly io: CliIo,
    readonly signal: AbortSignal,
    readonly demoFolder: string,
    /** `--mapping FILE.json`: the queries read their `--data` folder through it. */
    readonly mappingFile?: string
  ) {}

  /**
   * Progress goes to stderr when it is a terminal (by default), or when `--progress` asks for it.
   * On a terminal a quiet phase (connecting, a server-side aggregation) still shows the seconds
   * going by, so a long command never looks hung.
   */
  enableProgress(forced: boolean | undefined): void {
    this.showProgress = forced === true || this.io.stderr.isTTY === true
    if (this.showProgress && this.io.stderr.isTTY === true && this.heartbeat === null) {
      this.heartbeat = setInterval(() => {
        this.beat()
      }, 1000)
      this.heartbeat.unref()
    }
  }

  get callContext(): CallContext {
    return {
      signal: this.signal,
      reportProgress: (progress) => {
        this.reportProgress(progress)
      }
    }
  }

  journeys(): JourneysService {
    const mappingFile = this.mappingFile
    const writeNote = (note: string): void => {
      this.endProgress()
      this.io.stderr.write(`note: ${note}\n`)
    }
    this.service ??= new JourneysService({
      demoFolder: this.demoFolder,
      allowUriSources: true,
      timeLimitHint:
        'The command line uses 5 s for search and case files and 120 s for the rest: narrow the date range or segment, or use the app, where each connection sets its own limits.',
      ...(mappingFile === undefined
        ? {}
        : {
            throughMapping: throughMappingFile(mappingFile, writeNote),
            serverMapping: serverMappingFile(mappingFile, writeNote)
          })
    })
    return this.service
  }

  reportProgress(progress: Progress): void {
    if (!this.showProgress) return
    const now = Date.now()
    const final = progress.total !== undefined && progress.done >= progress.total
    if (!final && now - this.lastProgressAt < 200) return
    this.lastProgressAt = now
    const text = this.progressText(progress)
    this.lastText = text
    if (this.io.stderr.isTTY) {
      this.io.stderr.write(`\r\x1b[K${text}`)
      this.progressLine = true
    } else {
      this.io.stderr.write(`${text}\n`)
    }
  }

  /** Shows progress reports with this text from now on (e.g. the export's bar and rate). */
  formatProgressWith(format: (progress: Progress) => string): void {
    this.progressText = format
  }

  /** Ends a progress line on a terminal so the next message starts on its own line. */
  endProgress(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat)
    this.heartbeat = null
    if (this.progressLine) this.io.stderr.write('\r\x1b[K')
    this.progressLine = false
  }

  /** Rewrites the progress line with the time so far when nothing was reported for a second. */
  private beat(): void {
    const now = Date.now()
    if (now - this.lastProgressAt < 1000) return
    const seconds = Math.round((now - this.startedAt) / 1000)
    this.io.stderr.write(`\r\x1b[K${this.lastText} (${seconds} s)`)
    this.progressLine = true
  }

  /** Prints a result: JSON as it is, or the command's table as CSV or aligned text. */
  writeResult(value: unknown, format: OutputFormat, table?: () => Table): void {
    this.endProgress()
    if (format === 'json') {
      this.io.stdout.write(formatJson(value))
      return
    }
    if (!table) throw new CliInputError(`--format ${format} is not available here; use json`)
    this.io.stdout.write(format === 'csv' ? formatCsv(table()) : formatTextTable(table()))
  }

  /**
   * The plan for mongosh on stderr with `--explain`; notes on stderr whenever the output is not
   * JSON (in JSON they are part of the result), because notes must never be silent.
   */
  writePlan(plan: QueryPlan, options: { explain: boolean; format: OutputFormat }): void {
    this.endProgress()
    if (options.explain) {
      this.io.stderr.write(formatPlanForMongosh(plan))
    } else if (options.format !== 'json') {
      for (const note of plan.notes) this.io.stderr.write(`note: ${note}\n`)
    }
  }

  async close(): Promise<void> {
    this.endProgress()
    await this.service?.close()
  }
}

/** `Reading events: 16,384 / 69,912`, or `Connecting to host…` for a phase with no count yet. */
function describeProgress(progress: Progress): string {
  if (progress.done === 0 && progress.total === undefined) {
    return `${progress.phase}…${progress.message ? ` ${progress.message}` : ''}`
  }
  const count = progress.done.toLocaleString('en-US')
  const total = progress.total === undefined ? '' : ` / ${progress.total.toLocaleString('en-US')}`
  return `${progress.phase}: ${count}${total}${progress.message ? ` ${progress.message}` : ''}`
}

import { AppError } from '../../../shared/errors'
import type { DataQualityReport } from '../../../shared/mapping/data-quality'
import { MappingService } from '../../services/mapping/mapping-service'
import { CliInputError } from '../cli-input-error'
import { FORMAT_OPTION, parseCommandLine, SOURCE_OPTIONS } from '../parse-args'
import { readMappingFile } from '../read-mapping-file'
import { dataSourceFrom, formatFrom } from '../scope-options'
import { rejectPositionals, SOURCE_USAGE, type CliCommand } from './command'

const OPTIONS = {
  ...SOURCE_OPTIONS,
  ...FORMAT_OPTION,
  strict: { type: 'boolean' },
  threshold: { type: 'string' }
} as const

/** Share of affected documents above which `--strict` fails, unless `--threshold` says otherwise. */
const DEFAULT_THRESHOLD = 0.001

export const doctorCommand: CliCommand = {
  usage: `journey doctor [options]
  Reads every document of the collections --mapping names (default: the seed schema), on any
  source, and lists what is wrong: per mapped field the share of documents where it is missing
  or of another type; events whose session or user does not exist; sessions with no events;
  events outside their session's start and end; duplicate event ids; times in the future or
  before 2000; pages that differ only by a trailing slash or case. Each finding has counts,
  example ids and some of the customers affected.
  --strict                   exit 1 when a finding's share of documents passes the threshold
  --threshold SHARE          0 to 1, for --strict (default ${String(DEFAULT_THRESHOLD)}, i.e. 0.1%)
  --format json|csv|table    json (default) is the whole report; csv and table list the findings
${SOURCE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    const format = formatFrom(values)
    const threshold = thresholdFrom(values.threshold)
    const mapping = await readMappingFile(values.mapping)
    const source = dataSourceFrom(values)
    const journeys = context.journeys()
    const service = new MappingService({
      demoFolder: context.demoFolder,
      database: (dataSource, callContext) => journeys.database(dataSource, callContext)
    })
    const report = await service.checkDataQuality({ source, mapping }, context.callContext)
    context.writeResult(report, format, () => ({
      columns: ['severity', 'finding', 'count', 'of', 'share', 'examples', 'customers'],
      rows: report.findings.map((finding) => [
        finding.severity,
        finding.title,
        finding.count,
        finding.outOf,
        `${(finding.share * 100).toFixed(2)}%`,
        finding.examples.join(' '),
        finding.userIds.slice(0, 5).join(' ')
      ])
    }))
    if (format !== 'json') context.io.stderr.write(`${summary(report)}\n`)
    const failing = report.findings.filter((finding) => finding.share > threshold)
    if (values.strict === true && failing.length > 0) {
      throw new AppError(
        'QUERY_FAILED',
        `--strict: ${failing.length.toLocaleString('en-US')} finding(s) pass the threshold of ${(threshold * 100).toString()}%: ${failing.map((f) => f.kind).join(', ')}`
      )
    }
  }
}

function thresholdFrom(text: string | undefined): number {
  if (text === undefined) return DEFAULT_THRESHOLD
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new CliInputError(`--threshold must be a share from 0 to 1 (0.01 is 1%), not ${text}`)
  }
  return value
}

function summary(report: DataQualityReport): string {
  const { events, sessions, users } = report.documents
  const read = `checked ${events.toLocaleString('en-US')} events, ${sessions.toLocaleString('en-US')} sessions, ${users.toLocaleString('en-US')} users`
  return report.findings.length === 0
    ? `${read}: nothing to report`
    : `${read}: ${report.findings.length.toLocaleString('en-US')} finding(s)`
}

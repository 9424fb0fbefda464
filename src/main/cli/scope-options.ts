import type { DataSource } from '../../shared/journeys/data-source'
import type { Segment } from '../../shared/journeys/query-schemas'
import { OUTPUT_FORMATS, type OutputFormat } from './cli-context'
import { CliInputError } from './cli-input-error'
import { parseChoiceOption, parseMetaOption } from './parse-args'
import { parseDateOption } from './parse-date-option'

/** The values of `SCOPE_OPTIONS` (and `--format`) as `util.parseArgs` returns them. */
export interface ScopeOptionValues {
  data?: string
  uri?: string
  db?: string
  from?: string
  to?: string
  'time-zone'?: string
  browser?: string[]
  os?: string[]
  meta?: string[]
  format?: string
}

/** `--data <folder>`, or `--uri <uri> --db <name>`, or neither for the bundled demo workspace. */
export function dataSourceFrom(values: Pick<ScopeOptionValues, 'data' | 'uri' | 'db'>): DataSource {
  if (values.data !== undefined && (values.uri !== undefined || values.db !== undefined)) {
    throw new CliInputError('give either --data <folder> or --uri <uri> --db <name>, not both')
  }
  if (values.data !== undefined) return { kind: 'folder', path: values.data }
  if (values.uri !== undefined || values.db !== undefined) {
    if (values.uri === undefined) throw new CliInputError('--db needs --uri <uri> too')
    if (values.db === undefined) throw new CliInputError('--uri needs --db <name> too')
    return { kind: 'uri', uri: values.uri, database: values.db }
  }
  return { kind: 'demo' }
}

/** Source, date range and segment, ready for the query schemas. */
export function scopeFrom(values: ScopeOptionValues): {
  source: DataSource
  range: { from?: Date; to?: Date }
  segment: Segment
} {
  const timeZone = values['time-zone'] ?? 'UTC'
  const from = parseDateOption('from', values.from, timeZone)
  const to = parseDateOption('to', values.to, timeZone)
  if (from && to && from >= to) throw new CliInputError('--from must be before --to')
  const segment: Segment = {}
  if (values.browser?.length) segment.browsers = values.browser
  if (values.os?.length) segment.operatingSystems = values.os
  if (values.meta?.length) segment.metadataEquals = values.meta.map(parseMetaOption)
  return {
    source: dataSourceFrom(values),
    range: { ...(from ? { from } : {}), ...(to ? { to } : {}) },
    segment
  }
}

export function formatFrom(values: Pick<ScopeOptionValues, 'format'>): OutputFormat {
  return parseChoiceOption('format', values.format, OUTPUT_FORMATS) ?? 'json'
}

import { formatCount } from '../../../shared/format'
import { catalogueQuerySchema } from '../../../shared/journeys/query-schemas'
import type { CatalogueResult } from '../../../shared/journeys/results'
import type { Table } from '../format-table'
import { FORMAT_OPTION, parseCommandLine, SOURCE_OPTIONS } from '../parse-args'
import { dataSourceFrom, formatFrom } from '../scope-options'
import { SCOPE_FLAGS, validateInput } from '../validate-input'
import { rejectPositionals, SOURCE_USAGE, type CliCommand } from './command'

const OPTIONS = {
  ...SOURCE_OPTIONS,
  ...FORMAT_OPTION,
  'page-prefix': { type: 'string' },
  refresh: { type: 'boolean' }
} as const

export const catalogueCommand: CliCommand = {
  usage: `journey catalogue [options]
  --page-prefix /product     only pages starting with this text (literal, case-sensitive)
  --refresh                  recompute instead of answering from the cache (the app keeps one
                             per source; each command line starts with none)
  --format json|csv|table    csv and table print one row per value: kind, name, count
${SOURCE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    const format = formatFrom(values)
    const prefix = values['page-prefix']
    const input = validateInput(
      catalogueQuerySchema,
      {
        source: dataSourceFrom(values),
        ...(prefix === undefined ? {} : { pagePrefix: prefix }),
        refresh: values.refresh === true
      },
      { ...SCOPE_FLAGS, pagePrefix: '--page-prefix' }
    )
    const result = await context.journeys().catalogue(input, context.callContext)
    context.writeResult(result, format, () => catalogueTable(result))
    if (format !== 'json' && result.pages.length < result.pagesTotal) {
      context.io.stderr.write(
        `${formatCount(result.pages.length)} of ${formatCount(result.pagesTotal)} pages listed (the most viewed)\n`
      )
    }
    context.writePlan(result.plan, { explain: values.explain === true, format })
  }
}

/** One row per value, told apart by `kind`; the count is events, views or sessions by kind. */
function catalogueTable(result: CatalogueResult): Table {
  return {
    columns: ['kind', 'name', 'count'],
    rows: [
      ...result.eventTypes.map((t) => ['eventType', t.name, t.events]),
      ...result.pages.map((p) => ['page', p.page, p.views]),
      ...result.browsers.map((b) => ['browser', b.name, b.sessions]),
      ...result.operatingSystems.map((o) => ['os', o.name, o.sessions])
    ],
    display: { count: (value) => formatCount(value as number) }
  }
}

import { funnelQuerySchema, funnelUsersQuerySchema } from '../../../shared/journeys/query-schemas'
import {
  formatCount,
  formatDuration,
  formatPercent,
  formatTimeToConvert
} from '../../../shared/format'
import {
  TIME_TO_CONVERT_BUCKETS,
  type FunnelResult,
  type FunnelStepResult,
  type TimeToConvertCount
} from '../../../shared/journeys/results'
import type { OutputFormat } from '../cli-context'
import type { Table } from '../format-table'
import { CliInputError } from '../cli-input-error'
import { FORMAT_OPTION, parseCommandLine, parseIntegerOption, SCOPE_OPTIONS } from '../parse-args'
import {
  FUNNEL_FLAGS,
  FUNNEL_OPTIONS,
  FUNNEL_USAGE,
  funnelQueryFrom,
  funnelUsersOptionsFrom,
  FUNNEL_USERS_FLAGS,
  FUNNEL_USERS_OPTIONS,
  FUNNEL_USERS_USAGE
} from '../query-options'
import { formatFrom } from '../scope-options'
import { validateInput } from '../validate-input'
import { rejectPositionals, SCOPE_USAGE, type CliCommand } from './command'

const OPTIONS = {
  ...SCOPE_OPTIONS,
  ...FORMAT_OPTION,
  ...FUNNEL_OPTIONS,
  ...FUNNEL_USERS_OPTIONS,
  offset: { type: 'string' },
  limit: { type: 'string' }
} as const

const FLAGS = {
  ...FUNNEL_FLAGS,
  ...FUNNEL_USERS_FLAGS,
  'page.offset': '--offset',
  'page.limit': '--limit'
}

export const funnelCommand: CliCommand = {
  usage: `journey funnel --step TYPE[:/url|:/prefix*] --step ... [options]
${FUNNEL_USAGE}
  --breakdown browser|os     the same funnel per browser or OS
${FUNNEL_USERS_USAGE}
  --offset N --limit N       a page of those users
  --format json|csv|table    csv and table print the steps (or the users: id, name, email)
${SCOPE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    context.enableProgress(values.progress)
    const format = formatFrom(values)
    const query = funnelQueryFrom(values)
    const users = funnelUsersOptionsFrom(values, query.steps.length)
    const explain = values.explain === true
    if (users) {
      const offset = parseIntegerOption('offset', values.offset, { min: 0 })
      const limit = parseIntegerOption('limit', values.limit, { min: 1, max: 500 })
      const input = validateInput(
        funnelUsersQuerySchema,
        {
          ...query,
          ...users,
          page: {
            ...(offset === undefined ? {} : { offset }),
            ...(limit === undefined ? {} : { limit })
          }
        },
        FLAGS
      )
      const result = await context.journeys().funnelUsers(input, context.callContext)
      context.writeResult(result, format, () => ({
        columns: ['userId', 'name', 'email'],
        rows: result.users.map((user) => [user.userId, user.name, user.email])
      }))
      context.writePlan(result.plan, { explain, format })
      return
    }
    if (values.offset !== undefined || values.limit !== undefined) {
      throw new CliInputError('--offset and --limit page the users of --users ... --at-step K')
    }
    const input = validateInput(funnelQuerySchema, query, FLAGS)
    const result = await context.journeys().funnel(input, context.callContext)
    context.writeResult(result, format, () => funnelTable(result, format))
    context.writePlan(result.plan, { explain, format })
  }
}

/**
 * One row per step (per group with a breakdown). A text table shows conversions as percentages,
 * medians as durations and the time-to-convert histogram on one line; CSV keeps raw numbers and
 * gives each time-to-convert bucket its own column (users; empty for step 1).
 */
function funnelTable(result: FunnelResult, format: OutputFormat): Table {
  const stepColumns = [
    'step',
    'label',
    'users',
    'conversionFromStart',
    'conversionFromPrevious',
    'medianSecondsFromPrevious'
  ]
  const bucketColumns =
    format === 'csv'
      ? TIME_TO_CONVERT_BUCKETS.map((bucket) => `timeToConvert ${bucket.label}`)
      : ['timeToConvert']
  const row = (step: FunnelStepResult, index: number): unknown[] => [
    index + 1,
    step.label,
    step.users,
    step.conversionFromStart,
    step.conversionFromPrevious,
    step.medianSecondsFromPrevious,
    ...(format === 'csv'
      ? TIME_TO_CONVERT_BUCKETS.map((_, i) => step.timeToConvert?.[i]?.users ?? null)
      : [step.timeToConvert])
  ]
  const display: Table['display'] = {
    conversionFromStart: (v) => formatPercent(v as number),
    conversionFromPrevious: (v) => formatPercent(v as number),
    medianSecondsFromPrevious: (v) => formatDuration(v as number),
    timeToConvert: (v) => formatTimeToConvert(v as TimeToConvertCount[]),
    users: (v) => formatCount(v as number)
  }
  const columns = [...stepColumns, ...bucketColumns]
  if (!result.breakdown) return { columns, rows: result.steps.map(row), display }
  const groups = [{ key: '(all)', steps: result.steps }, ...result.breakdown]
  return {
    columns: ['group', ...columns],
    rows: groups.flatMap((group) => group.steps.map((step, i) => [group.key, ...row(step, i)])),
    display
  }
}

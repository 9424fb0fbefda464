import {
  BREAKDOWN_KEYS,
  FUNNEL_MODES,
  type FlowSelection
} from '../../shared/journeys/query-schemas'
import { TIME_TO_CONVERT_BUCKETS } from '../../shared/journeys/results'
import { CliInputError } from './cli-input-error'
import {
  parseChoiceOption,
  parseIntegerOption,
  parseStepOption,
  parseWindowOption,
  type OptionSpecs
} from './parse-args'
import { scopeFrom, type ScopeOptionValues } from './scope-options'
import { SCOPE_FLAGS } from './validate-input'

/*
 * The options of each query, shared by the query commands and `journey export`, so an export takes
 * exactly the flags its query takes. Each `...QueryFrom` returns the input for the query's schema
 * (validated by the caller with `validateInput` and the matching `..._FLAGS`).
 */

export const FUNNEL_OPTIONS = {
  step: { type: 'string', multiple: true },
  mode: { type: 'string' },
  window: { type: 'string' },
  breakdown: { type: 'string' }
} as const satisfies OptionSpecs

export const FUNNEL_FLAGS: Record<string, string> = {
  ...SCOPE_FLAGS,
  steps: '--step',
  mode: '--mode',
  windowSeconds: '--window',
  breakdown: '--breakdown',
  step: '--at-step'
}

export const FUNNEL_USAGE = `  --step S                   2 to 10 steps, in order. The event name is free text:
                             PAGE_VIEW, '$pageview:/cart', 'Order Completed', PAGE_VIEW:/product/*
                             (exact page, or prefix with a trailing *). For a name with ":" or a
                             label, JSON: '{"eventType":"checkout:done","pageUrl":"/thanks*"}'
  --mode ordered|strict|any  default ordered
  --window 7d|12h|90m|3600s  conversion window from the entry event (default 14d)`

interface FunnelOptionValues extends ScopeOptionValues {
  step?: string[]
  mode?: string
  window?: string
  breakdown?: string
}

/** Scope, steps, mode, window and breakdown of a funnel. */
export function funnelQueryFrom(values: FunnelOptionValues) {
  const steps = (values.step ?? []).map(parseStepOption)
  if (steps.length < 2 || steps.length > 10) {
    throw new CliInputError(`a funnel needs 2 to 10 --step options, got ${steps.length}`)
  }
  const windowSeconds = parseWindowOption(values.window)
  return {
    ...scopeFrom(values),
    steps,
    mode: parseChoiceOption('mode', values.mode, FUNNEL_MODES),
    ...(windowSeconds === undefined ? {} : { windowSeconds }),
    breakdown: parseChoiceOption('breakdown', values.breakdown, BREAKDOWN_KEYS)
  }
}

/** `--users reached|dropped --at-step K`, both or neither. */
export function funnelUsersOptionsFrom(
  values: { users?: string; 'at-step'?: string; group?: string; 'time-bucket'?: string },
  stepCount: number
): {
  outcome: 'reached' | 'dropped'
  step: number
  breakdownValue?: string
  timeToConvertBucket?: number
} | null {
  const outcome = parseChoiceOption('users', values.users, ['reached', 'dropped'] as const)
  const step = parseIntegerOption('at-step', values['at-step'], { min: 1, max: stepCount })
  if ((outcome === undefined) !== (step === undefined)) {
    throw new CliInputError('--users and --at-step go together')
  }
  // 1-based on the command line, as the histogram's columns are listed; 0-based in the query.
  const bucket = parseIntegerOption('time-bucket', values['time-bucket'], {
    min: 1,
    max: TIME_TO_CONVERT_BUCKETS.length
  })
  if (outcome === undefined || step === undefined) {
    if (values.group !== undefined || bucket !== undefined) {
      throw new CliInputError(
        '--group and --time-bucket narrow the users of --users ... --at-step K'
      )
    }
    return null
  }
  return {
    outcome,
    step,
    ...(values.group === undefined ? {} : { breakdownValue: values.group }),
    ...(bucket === undefined ? {} : { timeToConvertBucket: bucket - 1 })
  }
}

/** The `--time-bucket` numbers and the buckets they name, for the usage text. */
export const TIME_BUCKET_USAGE = TIME_TO_CONVERT_BUCKETS.map(
  (bucket, index) => `${String(index + 1)} ${bucket.label}`
).join(', ')

/** The options that pick a funnel step's users (`funnelUsersOptionsFrom`). */
export const FUNNEL_USERS_OPTIONS = {
  users: { type: 'string' },
  'at-step': { type: 'string' },
  group: { type: 'string' },
  'time-bucket': { type: 'string' }
} as const satisfies OptionSpecs

export const FUNNEL_USERS_FLAGS: Record<string, string> = {
  breakdownValue: '--group',
  timeToConvertBucket: '--time-bucket'
}

export const FUNNEL_USERS_USAGE = `  --users reached|dropped --at-step K
                             the users who reached step K, or dropped off at it
  --group VALUE              only those of one breakdown group (needs --breakdown), e.g. Chrome
  --time-bucket N            only those who took the time of bucket N from step K-1 to step K
                             (--users reached, K >= 2): ${TIME_BUCKET_USAGE}`

export const FLOW_OPTIONS = {
  'from-page': { type: 'string' },
  'to-page': { type: 'string' },
  depth: { type: 'string' },
  top: { type: 'string' }
} as const satisfies OptionSpecs

export const FLOW_FLAGS: Record<string, string> = {
  ...SCOPE_FLAGS,
  page: '--from-page/--to-page',
  depth: '--depth',
  topN: '--top'
}

export const FLOW_USAGE = `  --from-page <url>          the pages after it (sessions that end go to (exit))
  --to-page <url>            the pages before it (sessions that start go to (entry))
  --depth N                  steps, 1 to 10 (default 5)
  --top N                    pages kept per step, the rest merge into (other) (default 8; fewer
                             when the graph would pass 500 nodes or 1,000 edges)`

interface FlowOptionValues extends ScopeOptionValues {
  'from-page'?: string
  'to-page'?: string
  depth?: string
  top?: string
}

/** Scope, page, direction, depth and top N of a flows query. */
export function flowQueryFrom(values: FlowOptionValues) {
  const fromPage = values['from-page']
  const toPage = values['to-page']
  if ((fromPage === undefined) === (toPage === undefined)) {
    throw new CliInputError('give exactly one of --from-page <url> or --to-page <url>')
  }
  const depth = parseIntegerOption('depth', values.depth, { min: 1, max: 10 })
  const topN = parseIntegerOption('top', values.top, { min: 1, max: 50 })
  return {
    ...scopeFrom(values),
    page: fromPage ?? toPage,
    direction: fromPage !== undefined ? ('from' as const) : ('to' as const),
    ...(depth === undefined ? {} : { depth }),
    ...(topN === undefined ? {} : { topN })
  }
}

/**
 * `--node "2:/checkout"` or `--edge "1:/cart>2:/checkout"` (source > target, node ids as the flows
 * result prints them: step:page). An edge splits at the first `>` that a step number and a colon
 * follow, so pages may contain `>` elsewhere.
 */
export function flowSelectionFrom(values: { node?: string; edge?: string }): FlowSelection {
  if ((values.node === undefined) === (values.edge === undefined)) {
    throw new CliInputError(
      'give exactly one of --node "step:page" or --edge "step:page>step:page"'
    )
  }
  if (values.node !== undefined) return { kind: 'node', id: values.node }
  const edge = values.edge as string
  const match = /^(\d+:[\s\S]+?)>(\d+:[\s\S]+)$/.exec(edge)
  if (!match) {
    throw new CliInputError(
      `--edge must be "source>target" with node ids such as 1:/cart>2:/checkout, got "${edge}"`
    )
  }
  return { kind: 'edge', source: match[1] as string, target: match[2] as string }
}

/** `--time-zone` is a scope option (it also reads --from/--to); the overview counts days in it. */
export const OVERVIEW_OPTIONS = {
  'top-pages': { type: 'string' }
} as const satisfies OptionSpecs

export const OVERVIEW_FLAGS: Record<string, string> = {
  ...SCOPE_FLAGS,
  timeZone: '--time-zone',
  topPages: '--top-pages'
}

export const OVERVIEW_USAGE = `  --time-zone Europe/Berlin  IANA zone of the days (and of --from/--to; default UTC)
  --top-pages N              1 to 100 (default 10)`

interface OverviewOptionValues extends ScopeOptionValues {
  'top-pages'?: string
}

/** Scope, time zone and top pages of an overview. */
export function overviewQueryFrom(values: OverviewOptionValues) {
  const topPages = parseIntegerOption('top-pages', values['top-pages'], { min: 1, max: 100 })
  const timeZone = values['time-zone']
  return {
    ...scopeFrom(values),
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(topPages === undefined ? {} : { topPages })
  }
}

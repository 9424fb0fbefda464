import type { DateRange, Segment } from '../../../../shared/journeys/query-schemas'
import type { RouteParams } from '../routes/route'

/** The scope bar's date presets, in its order. */
export const RANGE_PRESETS = ['7d', '30d', '90d', 'all', 'custom'] as const
export type RangePreset = (typeof RANGE_PRESETS)[number]

export const RANGE_LABELS: Record<RangePreset, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  all: 'All time',
  custom: 'Custom'
}

const PRESET_DAYS: Partial<Record<RangePreset, number>> = { '7d': 7, '30d': 30, '90d': 90 }

/** What the scope bar shows: a preset or custom days (inclusive, `YYYY-MM-DD`), and the segment. */
export interface ScopeSelection {
  preset: RangePreset
  /** First day, for `custom`. */
  from?: string
  /** Last day (inclusive), for `custom`. */
  to?: string
  browsers: string[]
  operatingSystems: string[]
}

export const DEFAULT_SCOPE: ScopeSelection = { preset: 'all', browsers: [], operatingSystems: [] }

const DAY = /^\d{4}-\d{2}-\d{2}$/

function isDay(text: string | undefined): text is string {
  return text !== undefined && DAY.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))
}

function isPreset(text: string | undefined): text is RangePreset {
  return (RANGE_PRESETS as readonly (string | undefined)[]).includes(text)
}

/** True when the parameters say anything about the scope (else the source's remembered one applies). */
export function hasScopeParams(params: RouteParams): boolean {
  return ['range', 'from', 'to', 'browser', 'os'].some((name) => params[name] !== undefined)
}

/** Reads the scope from route parameters; whatever is malformed falls back to the default. */
export function readScope(params: RouteParams): ScopeSelection {
  const range = params.range?.[0]
  const from = params.from?.[0]
  const to = params.to?.[0]
  const browsers = [...(params.browser ?? [])]
  const operatingSystems = [...(params.os ?? [])]
  if (range === 'custom' || (range === undefined && (isDay(from) || isDay(to)))) {
    const selection: ScopeSelection = { preset: 'custom', browsers, operatingSystems }
    if (isDay(from)) selection.from = from
    if (isDay(to)) selection.to = to
    if (selection.from && selection.to && selection.from > selection.to) {
      return {
        preset: 'custom',
        from: selection.to,
        to: selection.from,
        browsers,
        operatingSystems
      }
    }
    return selection
  }
  return { preset: isPreset(range) ? range : DEFAULT_SCOPE.preset, browsers, operatingSystems }
}

/** The route parameters of a scope (every scope parameter named, so stale ones are removed). */
export function scopeParams(scope: ScopeSelection): Record<string, string[]> {
  const custom = scope.preset === 'custom'
  return {
    range: [scope.preset],
    from: custom && scope.from ? [scope.from] : [],
    to: custom && scope.to ? [scope.to] : [],
    browser: scope.browsers,
    os: scope.operatingSystems
  }
}

/** Local midnight of a `YYYY-MM-DD` day, `days` later. */
function localMidnight(day: string, days = 0): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  return new Date(year, month - 1, date + days)
}

/** `YYYY-MM-DD` of a moment in local time. */
export function localDay(moment: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`
}

/**
 * The half-open range a query gets, in local days: "last 7 days" is today and the 6 before it, from
 * local midnight on; a custom range runs from the first day's midnight to the midnight after the last.
 */
export function toDateRange(scope: ScopeSelection, now: Date): DateRange {
  const days = PRESET_DAYS[scope.preset]
  if (days !== undefined) return { from: localMidnight(localDay(now), 1 - days) }
  if (scope.preset !== 'custom') return {}
  const range: DateRange = {}
  if (scope.from) range.from = localMidnight(scope.from)
  if (scope.to) range.to = localMidnight(scope.to, 1)
  return range
}

export function toSegment(scope: ScopeSelection): Segment {
  const segment: Segment = {}
  if (scope.browsers.length > 0) segment.browsers = scope.browsers
  if (scope.operatingSystems.length > 0) segment.operatingSystems = scope.operatingSystems
  return segment
}

/** A short description for empty states and titles: "Last 30 days · Chrome, Firefox · Windows". */
export function describeScope(scope: ScopeSelection): string {
  const parts: string[] = []
  if (scope.preset === 'custom')
    parts.push(`${scope.from ?? 'the start'} to ${scope.to ?? 'today'}`)
  else parts.push(RANGE_LABELS[scope.preset])
  if (scope.browsers.length > 0) parts.push(scope.browsers.join(', '))
  if (scope.operatingSystems.length > 0) parts.push(scope.operatingSystems.join(', '))
  return parts.join(' · ')
}

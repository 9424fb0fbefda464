import type {
  FunnelResult,
  FunnelStepResult,
  TimeToConvertCount
} from '../../../../shared/journeys/results'

/** One bar of the funnel: a step with its users, conversions and time from the previous step. */
export interface FunnelBarRow {
  /** 1-based. */
  step: number
  label: string
  users: number
  conversionFromStart: number
  conversionFromPrevious: number
  medianSecondsFromPrevious: number | null
  /** Share of step 1's users, 0..1, for the bar's length. */
  barShare: number
}

/** Between two bars: the users who reached step `step - 1` but not `step`. */
export interface FunnelDropOffRow {
  /** The step they did not reach (2..N); `funnelUsers` with outcome `dropped` lists them. */
  step: number
  fromLabel: string
  toLabel: string
  users: number
  /** Of the users at the previous step. */
  share: number
}

/** A step's time-to-convert histogram with each bucket's share of the step's users. */
export interface FunnelHistogramRow {
  step: number
  label: string
  users: number
  medianSecondsFromPrevious: number | null
  buckets: (TimeToConvertCount & { share: number })[]
}

/** The breakdown as grouped bars: a row per step, a value per group (browser or OS). */
export interface FunnelBreakdownRows {
  groups: string[]
  /** Per group, from step 1 to the last step: who entered, who got through, and the share. */
  summary: { group: string; entered: number; reached: number; conversionFromStart: number }[]
  rows: {
    step: number
    label: string
    values: { group: string; users: number; conversionFromStart: number }[]
  }[]
}

export interface FunnelChartRows {
  bars: FunnelBarRow[]
  dropOffs: FunnelDropOffRow[]
  histograms: FunnelHistogramRow[]
  breakdown: FunnelBreakdownRows | null
  /** Users who entered (step 1); 0 means nobody did, and the screen says what to try. */
  entered: number
}

const cache = new WeakMap<FunnelResult, FunnelChartRows>()

/** The rows of the funnel's charts, derived once per result (memoised on the result object). */
export function funnelChartRows(result: FunnelResult): FunnelChartRows {
  let rows = cache.get(result)
  if (!rows) {
    rows = buildRows(result)
    cache.set(result, rows)
  }
  return rows
}

function buildRows(result: FunnelResult): FunnelChartRows {
  const entered = result.steps[0]?.users ?? 0
  const bars = result.steps.map((step, index) => barRow(step, index, entered))
  const dropOffs: FunnelDropOffRow[] = []
  for (let index = 1; index < result.steps.length; index++) {
    const previous = result.steps[index - 1] as FunnelStepResult
    const step = result.steps[index] as FunnelStepResult
    const users = previous.users - step.users
    dropOffs.push({
      step: index + 1,
      fromLabel: previous.label,
      toLabel: step.label,
      users,
      share: previous.users === 0 ? 0 : users / previous.users
    })
  }
  const histograms = result.steps.slice(1).map((step, index) => histogramRow(step, index + 2))
  return { bars, dropOffs, histograms, breakdown: breakdownRows(result), entered }
}

function barRow(step: FunnelStepResult, index: number, entered: number): FunnelBarRow {
  return {
    step: index + 1,
    label: step.label,
    users: step.users,
    conversionFromStart: step.conversionFromStart,
    conversionFromPrevious: step.conversionFromPrevious,
    medianSecondsFromPrevious: step.medianSecondsFromPrevious,
    barShare: entered === 0 ? 0 : step.users / entered
  }
}

function histogramRow(step: FunnelStepResult, stepNumber: number): FunnelHistogramRow {
  const buckets = step.timeToConvert ?? []
  const total = buckets.reduce((sum, bucket) => sum + bucket.users, 0)
  return {
    step: stepNumber,
    label: step.label,
    users: step.users,
    medianSecondsFromPrevious: step.medianSecondsFromPrevious,
    buckets: buckets.map((bucket) => ({ ...bucket, share: total === 0 ? 0 : bucket.users / total }))
  }
}

function breakdownRows(result: FunnelResult): FunnelBreakdownRows | null {
  const groups = result.breakdown
  if (!groups) return null
  return {
    groups: groups.map((group) => group.key),
    summary: groups.map((group) => {
      const last = group.steps[group.steps.length - 1]
      return {
        group: group.key,
        entered: group.steps[0]?.users ?? 0,
        reached: last?.users ?? 0,
        conversionFromStart: last?.conversionFromStart ?? 0
      }
    }),
    rows: result.steps.map((step, index) => ({
      step: index + 1,
      label: step.label,
      values: groups.map((group) => {
        const groupStep = group.steps[index]
        return {
          group: group.key,
          users: groupStep?.users ?? 0,
          conversionFromStart: groupStep?.conversionFromStart ?? 0
        }
      })
    }))
  }
}

import { formatWindowText, parseWindowText } from '../../../../shared/funnels/conversion-window'
import {
  funnelDefinitionSchema,
  type FunnelDefinition
} from '../../../../shared/funnels/funnel-definition'
import {
  formatFunnelStepText,
  parseFunnelStepText
} from '../../../../shared/funnels/funnel-step-text'
import {
  BREAKDOWN_KEYS,
  FUNNEL_MODES,
  type FunnelStep
} from '../../../../shared/journeys/query-schemas'
import { TIME_TO_CONVERT_BUCKETS } from '../../../../shared/journeys/results'

/**
 * The users listed under the chart: those who reached a step, or dropped off before it; of one
 * breakdown group (a bar of the breakdown) or one time-to-convert bucket (a histogram cell).
 */
export interface FunnelDrill {
  outcome: 'reached' | 'dropped'
  /** 1-based. */
  step: number
  /** A browser or OS of the funnel's breakdown. */
  group?: string
  /** Index in `TIME_TO_CONVERT_BUCKETS` (reached users of step 2 or later only). */
  bucket?: number
}

/** What the Funnels screen shows, as its route parameters spell it. */
export interface FunnelViewState {
  /** The funnel to run; null when the link holds none (or none that can run). */
  definition: FunnelDefinition | null
  /** The saved funnel it was opened from. */
  savedId: string | null
  drill: FunnelDrill | null
  /** What in the link could not be read, in words (shown above the builder). */
  problems: string[]
}

type Params = Readonly<Record<string, readonly string[] | undefined>>

const DEFAULT_WINDOW = '14d'

/**
 * Reads `step` (2–10, each as the command line's `--step` writes it: `PAGE_VIEW:/cart`,
 * `PAGE_VIEW:/checkout*`, or JSON), `mode`, `window` (`7d`), `by` (browser|os), `saved` (id),
 * `users` (`reached-2`, `dropped-3`), `group` (a breakdown value) and `bucket` (1-based, as the CLI's
 * `--time-bucket`).
 */
export function readFunnelViewState(params: Params): FunnelViewState {
  const problems: string[] = []
  const stepTexts = params.step ?? []
  const steps: FunnelStep[] = []
  for (const text of stepTexts) {
    const parsed = parseFunnelStepText(text)
    if (parsed.ok) steps.push(parsed.step)
    else problems.push(`A step in the link could not be read: ${parsed.message}`)
  }
  const mode = oneOf(params.mode?.[0], FUNNEL_MODES, 'ordered', 'mode', problems)
  const windowText = params.window?.[0] ?? DEFAULT_WINDOW
  const window = parseWindowText(windowText)
  if (!window)
    problems.push(`The window "${windowText}" in the link is not one like 7d, 12h or 90m`)
  const by = params.by?.[0]
  const breakdown =
    by === undefined ? undefined : oneOf(by, BREAKDOWN_KEYS, undefined, 'breakdown', problems)
  let definition: FunnelDefinition | null = null
  if (stepTexts.length > 0 && problems.length === 0) {
    const parsed = funnelDefinitionSchema.safeParse({
      steps,
      mode,
      window,
      ...(breakdown === undefined ? {} : { breakdown })
    })
    if (parsed.success) definition = parsed.data
    else
      problems.push(`The funnel in the link cannot run: ${parsed.error.issues[0]?.message ?? ''}`)
  }
  return {
    definition,
    savedId: params.saved?.[0] ?? null,
    drill: definition ? readDrill(params, definition) : null,
    problems
  }
}

/** The parameters that write a funnel (and, optionally, which saved funnel and which users). */
export function funnelViewParams(
  definition: FunnelDefinition,
  extra: { savedId?: string | null; drill?: FunnelDrill | null } = {}
): Record<string, string | readonly string[] | null> {
  const windowText = formatWindowText(definition.window)
  return {
    step: definition.steps.map(formatFunnelStepText),
    mode: definition.mode === 'ordered' ? null : definition.mode,
    window: windowText === DEFAULT_WINDOW ? null : windowText,
    by: definition.breakdown ?? null,
    saved: extra.savedId ?? null,
    ...drillParams(extra.drill ?? null)
  }
}

/** The route parameters of a drill (all null: no users listed). */
export function drillParams(drill: FunnelDrill | null): {
  users: string | null
  group: string | null
  bucket: string | null
} {
  return {
    users: drill ? `${drill.outcome}-${String(drill.step)}` : null,
    group: drill?.group ?? null,
    bucket: drill?.bucket === undefined ? null : String(drill.bucket + 1)
  }
}

/** One text per drill (a key: another drill starts its list at the first page). */
export function drillKey(drill: FunnelDrill): string {
  const { users, group, bucket } = drillParams(drill)
  return JSON.stringify([users, group, bucket])
}

function readDrill(params: Params, definition: FunnelDefinition): FunnelDrill | null {
  const match = /^(reached|dropped)-(\d{1,2})$/.exec(params.users?.[0] ?? '')
  if (!match) return null
  const outcome = match[1] as FunnelDrill['outcome']
  const step = Number(match[2])
  const lowest = outcome === 'dropped' ? 2 : 1
  if (step < lowest || step > definition.steps.length) return null
  const drill: FunnelDrill = { outcome, step }
  const group = params.group?.[0]
  if (group !== undefined && group !== '' && definition.breakdown !== undefined) drill.group = group
  const bucket = Number(params.bucket?.[0] ?? Number.NaN)
  if (
    Number.isInteger(bucket) &&
    bucket >= 1 &&
    bucket <= TIME_TO_CONVERT_BUCKETS.length &&
    outcome === 'reached' &&
    step >= 2
  ) {
    drill.bucket = bucket - 1
  }
  return drill
}

function oneOf<const T extends string, D extends T | undefined>(
  text: string | undefined,
  choices: readonly T[],
  fallback: D,
  what: string,
  problems: string[]
): T | D {
  if (text === undefined) return fallback
  if ((choices as readonly string[]).includes(text)) return text as T
  problems.push(`The ${what} "${text}" in the link is not one of ${choices.join(', ')}`)
  return fallback
}

/** `Users who reached step 3: PURCHASE`, with `, Chrome` and `, 1–5 min after step 2` when narrowed. */
export function describeDrill(drill: FunnelDrill, label: string): string {
  const step = String(drill.step)
  const who =
    drill.outcome === 'reached'
      ? `Users who reached step ${step}`
      : `Users who reached step ${String(drill.step - 1)} but not step ${step}`
  const group = drill.group === undefined ? '' : ` on ${drill.group}`
  const bucket = drill.bucket === undefined ? undefined : TIME_TO_CONVERT_BUCKETS[drill.bucket]
  const time = bucket
    ? ` ${bucket.to === null ? 'more than 7 d' : bucket.label} after step ${String(drill.step - 1)}`
    : ''
  return `${who}${group}${time}: ${label}`
}

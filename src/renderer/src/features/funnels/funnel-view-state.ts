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

/** The users listed under the chart: those who reached a step, or dropped off before it. */
export interface FunnelDrill {
  outcome: 'reached' | 'dropped'
  /** 1-based. */
  step: number
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
 * `PAGE_VIEW:/checkout*`, or JSON), `mode`, `window` (`7d`), `by` (browser|os), `saved` (id) and
 * `users` (`reached-2`, `dropped-3`).
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
    drill: definition ? readDrill(params.users?.[0], definition.steps.length) : null,
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
    users: drillParam(extra.drill ?? null)
  }
}

export function drillParam(drill: FunnelDrill | null): string | null {
  return drill ? `${drill.outcome}-${String(drill.step)}` : null
}

function readDrill(text: string | undefined, stepCount: number): FunnelDrill | null {
  const match = /^(reached|dropped)-(\d{1,2})$/.exec(text ?? '')
  if (!match) return null
  const outcome = match[1] as FunnelDrill['outcome']
  const step = Number(match[2])
  const lowest = outcome === 'dropped' ? 2 : 1
  return step >= lowest && step <= stepCount ? { outcome, step } : null
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

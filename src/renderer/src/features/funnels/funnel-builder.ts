import {
  conversionWindowSchema,
  type ConversionWindow,
  type WindowUnit
} from '../../../../shared/funnels/conversion-window'
import type { FunnelDefinition } from '../../../../shared/funnels/funnel-definition'
import type {
  BreakdownKey,
  FunnelMode,
  FunnelStep
} from '../../../../shared/journeys/query-schemas'

/** How a step's page is matched: any page, one page exactly, or every page under a prefix. */
export type PageMatch = 'any' | 'exact' | 'prefix'

/** One step as the builder edits it (free text until it is checked). */
export interface StepDraft {
  eventType: string
  pageMatch: PageMatch
  page: string
}

/** The funnel as the builder edits it. */
export interface FunnelDraft {
  steps: StepDraft[]
  mode: FunnelMode
  window: { amount: number | null; unit: WindowUnit }
  breakdown: BreakdownKey | null
}

export const MIN_STEPS = 2
export const MAX_STEPS = 10

/** Where a problem is: a step's field (0-based step), or the window. */
export type DraftField =
  { step: number; field: 'eventType' | 'page' } | { field: 'window' } | { field: 'steps' }

export interface DraftProblem {
  at: DraftField
  message: string
}

export type DraftCheck =
  { ok: true; definition: FunnelDefinition } | { ok: false; problems: DraftProblem[] }

export const EMPTY_STEP: StepDraft = { eventType: '', pageMatch: 'any', page: '' }

/** A new funnel: two empty steps, ordered, within 14 days. */
export function newFunnelDraft(): FunnelDraft {
  return {
    steps: [{ ...EMPTY_STEP }, { ...EMPTY_STEP }],
    mode: 'ordered',
    window: { amount: 14, unit: 'd' },
    breakdown: null
  }
}

/** Checks a draft; a sound one becomes the definition a query and a saved funnel use. */
export function checkFunnelDraft(draft: FunnelDraft): DraftCheck {
  const problems: DraftProblem[] = []
  if (draft.steps.length < MIN_STEPS || draft.steps.length > MAX_STEPS) {
    problems.push({
      at: { field: 'steps' },
      message: `A funnel has ${String(MIN_STEPS)} to ${String(MAX_STEPS)} steps`
    })
  }
  const steps: FunnelStep[] = []
  draft.steps.forEach((draftStep, index) => {
    const step = checkStep(draftStep, index, problems)
    if (step) steps.push(step)
  })
  const window = checkWindow(draft.window, problems)
  if (problems.length > 0 || !window) return { ok: false, problems }
  return {
    ok: true,
    definition: {
      steps,
      mode: draft.mode,
      window,
      ...(draft.breakdown === null ? {} : { breakdown: draft.breakdown })
    }
  }
}

function checkStep(draft: StepDraft, index: number, problems: DraftProblem[]): FunnelStep | null {
  const name = `Step ${String(index + 1)}`
  const eventType = draft.eventType.trim()
  let sound = true
  if (eventType.length === 0) {
    problems.push({ at: { step: index, field: 'eventType' }, message: `${name}: choose an event` })
    sound = false
  } else if (eventType.length > 100) {
    problems.push({
      at: { step: index, field: 'eventType' },
      message: `${name}: an event name is at most 100 characters`
    })
    sound = false
  }
  if (draft.pageMatch === 'any') return sound ? { eventType } : null
  const page = draft.page.trim()
  const what = draft.pageMatch === 'prefix' ? 'a page prefix' : 'a page'
  let pageProblem: string | null = null
  if (page.length === 0) pageProblem = `${name}: type ${what}, or choose any page`
  else if (page.includes('*')) {
    pageProblem = `${name}: a page cannot hold "*"; choose "starts with" for a prefix`
  } else if (page.length > 1999) pageProblem = `${name}: the page is too long`
  if (pageProblem !== null) {
    problems.push({ at: { step: index, field: 'page' }, message: pageProblem })
    return null
  }
  if (!sound) return null
  return { eventType, pageUrl: draft.pageMatch === 'prefix' ? `${page}*` : page }
}

function checkWindow(
  window: FunnelDraft['window'],
  problems: DraftProblem[]
): ConversionWindow | null {
  const parsed = conversionWindowSchema.safeParse(window)
  if (parsed.success) return parsed.data
  const message =
    window.amount === null || !Number.isInteger(window.amount) || window.amount < 1
      ? 'The window is a whole number, at least 1'
      : 'The window can be at most 366 days'
  problems.push({ at: { field: 'window' }, message })
  return null
}

/** The draft of a definition, to edit it (a saved funnel, a link). */
export function draftFromDefinition(definition: FunnelDefinition): FunnelDraft {
  return {
    steps: definition.steps.map(stepDraftOf),
    mode: definition.mode,
    window: { ...definition.window },
    breakdown: definition.breakdown ?? null
  }
}

export function stepDraftOf(step: FunnelStep): StepDraft {
  const { pageUrl } = step
  if (pageUrl === undefined) return { eventType: step.eventType, pageMatch: 'any', page: '' }
  return pageUrl.endsWith('*')
    ? { eventType: step.eventType, pageMatch: 'prefix', page: pageUrl.slice(0, -1) }
    : { eventType: step.eventType, pageMatch: 'exact', page: pageUrl }
}

/** Adds a step after `index` (at the end when absent); a funnel holds at most 10. */
export function addStep(draft: FunnelDraft, index = draft.steps.length - 1): FunnelDraft {
  if (draft.steps.length >= MAX_STEPS) return draft
  const steps = [...draft.steps]
  steps.splice(index + 1, 0, { ...EMPTY_STEP })
  return { ...draft, steps }
}

/** Removes a step; a funnel keeps at least 2. */
export function removeStep(draft: FunnelDraft, index: number): FunnelDraft {
  if (draft.steps.length <= MIN_STEPS || index < 0 || index >= draft.steps.length) return draft
  return { ...draft, steps: draft.steps.filter((_, i) => i !== index) }
}

/** Moves a step one place up (-1) or down (+1). */
export function moveStep(draft: FunnelDraft, index: number, by: -1 | 1): FunnelDraft {
  const target = index + by
  if (index < 0 || index >= draft.steps.length || target < 0 || target >= draft.steps.length) {
    return draft
  }
  const steps = [...draft.steps]
  const [moved] = steps.splice(index, 1)
  if (moved) steps.splice(target, 0, moved)
  return { ...draft, steps }
}

/** Changes one step. */
export function updateStep(
  draft: FunnelDraft,
  index: number,
  change: Partial<StepDraft>
): FunnelDraft {
  return {
    ...draft,
    steps: draft.steps.map((step, i) => (i === index ? { ...step, ...change } : step))
  }
}

/** True when two definitions ask the same question (to tell a saved funnel from an edited one). */
export function sameDefinition(a: FunnelDefinition, b: FunnelDefinition): boolean {
  return definitionKey(a) === definitionKey(b)
}

/** A text that is equal for two definitions exactly when they ask the same question. */
export function definitionKey(definition: FunnelDefinition): string {
  return JSON.stringify([
    definition.steps.map((s) => [s.eventType, s.pageUrl ?? null, s.label ?? null]),
    definition.mode,
    definition.window.amount,
    definition.window.unit,
    definition.breakdown ?? null
  ])
}

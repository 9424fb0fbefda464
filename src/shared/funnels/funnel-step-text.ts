import { funnelStepSchema, type FunnelStep } from '../journeys/query-schemas'

export type FunnelStepTextResult = { ok: true; step: FunnelStep } | { ok: false; message: string }

/** A page after `TYPE:`: a path (`/cart`) or a full URL (`https://shop.example/cart`). */
const PAGE_START = /^(\/|[A-Za-z][A-Za-z0-9+.-]*:\/\/)/

/**
 * A funnel step written as the command line's `--step` takes it: `TYPE`, `TYPE:/page`,
 * `TYPE:/prefix*` (the name ends at the first `:`, and a page follows it), or JSON
 * (`{"eventType":"Order: done","pageUrl":"/checkout*"}`) when the event name holds a `:` or starts
 * with `{`, the page is not a path or a full URL, or the step has a label.
 */
export function formatFunnelStepText(step: FunnelStep): string {
  const needsJson =
    step.eventType.includes(':') ||
    step.eventType.trimStart().startsWith('{') ||
    step.label !== undefined ||
    (step.pageUrl !== undefined && !PAGE_START.test(step.pageUrl))
  if (needsJson) return JSON.stringify(step)
  return step.pageUrl === undefined ? step.eventType : `${step.eventType}:${step.pageUrl}`
}

/** Reads what `formatFunnelStepText` writes; a page may hold `*` only at its end (a prefix). */
export function parseFunnelStepText(text: string): FunnelStepTextResult {
  if (text.trimStart().startsWith('{')) return parseJsonStep(text)
  const colon = text.indexOf(':')
  const eventType = colon === -1 ? text : text.slice(0, colon)
  const pageUrl = colon === -1 ? undefined : text.slice(colon + 1)
  if (eventType.trim() === '') {
    return { ok: false, message: `"${text}": an event name comes before ":"` }
  }
  if (pageUrl !== undefined && !PAGE_START.test(pageUrl)) {
    return {
      ok: false,
      message: `"${text}": after ":" comes a page (/url, /prefix* or a full URL); for an event name with ":" use the JSON form, {"eventType":${JSON.stringify(text)}}`
    }
  }
  return checkStep(text, pageUrl === undefined ? { eventType } : { eventType, pageUrl })
}

function parseJsonStep(text: string): FunnelStepTextResult {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, message: `"${text}" is not valid JSON` }
  }
  return checkStep(text, value)
}

function checkStep(text: string, candidate: unknown): FunnelStepTextResult {
  const parsed = funnelStepSchema.strict().safeParse(candidate)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : 'step'
    return { ok: false, message: `"${text}": ${where} ${issue?.message ?? 'is not accepted'}` }
  }
  const { eventType, pageUrl } = parsed.data
  if (eventType.trim() === '') return { ok: false, message: `"${text}": eventType is empty` }
  if (pageUrl?.slice(0, -1).includes('*')) {
    return { ok: false, message: `"${text}": a page may hold "*" only at its end, for a prefix` }
  }
  return { ok: true, step: parsed.data }
}

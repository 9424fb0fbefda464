import type { ErrorEnvelope } from '../errors'

/**
 * Why an answer is empty when the question is the cause: the database has no such collection, no
 * session has the browser or OS asked for, a page was named without its leading `/`. Such an answer
 * comes back as a NOT_FOUND error whose details carry the cause, so the command line exits 2 with
 * the reason and the screens show it in their empty state. An empty date range is not one of them.
 */
export type EmptyAnswerCause = 'missing-collection' | 'unknown-device-value' | 'page-without-slash'

/** The details of that NOT_FOUND error: the cause, and what the message names. */
export interface EmptyAnswerDetails {
  emptyAnswer: EmptyAnswerCause
  [fact: string]: unknown
}

const CAUSES: readonly string[] = [
  'missing-collection',
  'unknown-device-value',
  'page-without-slash'
] satisfies EmptyAnswerCause[]

/** The cause when an error says an answer is empty because of the question; null otherwise. */
export function emptyAnswerCauseOf(error: ErrorEnvelope | null): EmptyAnswerCause | null {
  if (error?.code !== 'NOT_FOUND') return null
  const cause = (error.details as { emptyAnswer?: unknown } | undefined)?.emptyAnswer
  return typeof cause === 'string' && CAUSES.includes(cause) ? (cause as EmptyAnswerCause) : null
}

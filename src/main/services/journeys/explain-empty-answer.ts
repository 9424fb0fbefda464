import { AppError } from '../../../shared/errors'
import type { EmptyAnswerDetails } from '../../../shared/journeys/empty-answer'
import type { FunnelStep, Segment } from '../../../shared/journeys/query-schemas'

/** What the explanation may look up, only when an answer came back empty. */
export interface EmptyAnswerFacts {
  /** How to name the data in a message: `database "shop" on host:27017`, a folder, the demo. */
  where: string
  /** The collections of the database; null for folders and the demo (their files are checked). */
  collections(): Promise<string[] | null>
  /** The browser and OS values sessions have; null when they cannot be listed here. */
  deviceValues(): Promise<{ browsers: string[]; operatingSystems: string[] } | null>
}

/**
 * The parts of a query the explanation reads (a funnel, flows, overview or search query). `page` is
 * the flows page; other queries' `page` (a users list's offset and limit) is not a page URL.
 */
export interface ExplainableQuery {
  segment?: Segment
  steps?: readonly FunnelStep[]
  page?: unknown
}

/**
 * Why an answer is empty, when the reason is in what the user asked for: a database without the
 * collection, a browser or OS no session has (named with the values that exist), a page without
 * its leading `/`. Null when the answer is simply empty (nothing in the range, say). Runs only on
 * empty answers, so its look-ups cost nothing otherwise.
 */
export async function explainEmptyAnswer(
  query: ExplainableQuery,
  result: unknown,
  facts: EmptyAnswerFacts
): Promise<AppError | null> {
  const needs = collectionNeeded(result)
  if (needs === null) return null
  const collections = await facts.collections()
  if (collections !== null && !collections.includes(needs)) {
    const has =
      collections.length === 0
        ? 'It has no collections at all.'
        : `Its collections: ${[...collections].sort().join(', ')}.`
    return new AppError(
      'NOT_FOUND',
      `The ${facts.where} has no ${needs} collection, so there is nothing to count. ${has} Check the database name, or load the data first.`,
      {
        emptyAnswer: 'missing-collection',
        missingCollection: needs,
        collections
      } satisfies EmptyAnswerDetails
    )
  }
  const devices = await unknownDeviceValues(query.segment, facts)
  if (devices) return devices
  return pageWithoutSlash(query)
}

/** The collection an empty answer needed, by the answer's shape; null when it is not empty. */
function collectionNeeded(result: unknown): 'events' | 'users' | null {
  if (typeof result !== 'object' || result === null) return null
  const r = result as {
    steps?: { users: number }[]
    nodes?: unknown[]
    sessions?: unknown
    days?: unknown[]
    totals?: { users?: number }
    customers?: unknown[]
    total?: number
  }
  if (Array.isArray(r.steps)) return (r.steps[0]?.users ?? 0) === 0 ? 'events' : null
  if (Array.isArray(r.nodes)) return r.sessions === 0 ? 'events' : null
  if (Array.isArray(r.days)) return (r.totals?.users ?? 0) === 0 ? 'events' : null
  if (Array.isArray(r.customers)) return r.total === 0 ? 'users' : null
  return null
}

async function unknownDeviceValues(
  segment: Segment | undefined,
  facts: EmptyAnswerFacts
): Promise<AppError | null> {
  if (!segment?.browsers && !segment?.operatingSystems) return null
  const known = await facts.deviceValues()
  if (known === null) return null
  const checks = [
    { asked: segment.browsers, known: known.browsers, noun: 'browser', plural: 'browsers' },
    {
      asked: segment.operatingSystems,
      known: known.operatingSystems,
      noun: 'OS',
      plural: 'OS values'
    }
  ]
  for (const { asked, known: values, noun, plural } of checks) {
    // Explained only when no value asked for exists: with one that does, the cause is elsewhere.
    if (asked === undefined || asked.length === 0) continue
    const unknown = asked.filter((value) => !values.includes(value))
    if (unknown.length < asked.length) continue
    const quoted = unknown.map((value) => `"${value}"`).join(', ')
    const listed =
      values.length === 0
        ? `no session has a ${noun} at all`
        : `the ${plural} are ${values.join(', ')}`
    const hint = unknown
      .map((value) => values.find((v) => v.toLowerCase() === value.toLowerCase()))
      .filter((value): value is string => value !== undefined)
    return new AppError(
      'NOT_FOUND',
      `No session has ${noun} ${quoted}: in the ${facts.where} ${listed}.${hint.length > 0 ? ` Values are case-sensitive: did you mean ${hint.map((v) => `"${v}"`).join(', ')}?` : ''}`,
      {
        emptyAnswer: 'unknown-device-value',
        field: noun === 'OS' ? 'operatingSystems' : 'browsers',
        unknown,
        known: values
      } satisfies EmptyAnswerDetails
    )
  }
  return null
}

function pageWithoutSlash(query: ExplainableQuery): AppError | null {
  const pages = [
    ...(typeof query.page === 'string' ? [query.page] : []),
    ...(query.steps ?? []).flatMap((step) => (step.pageUrl === undefined ? [] : [step.pageUrl]))
  ]
  const bare = pages.find((page) => !page.startsWith('/') && !page.includes('://') && page !== '*')
  if (bare === undefined) return null
  return new AppError(
    'NOT_FOUND',
    `No page view has page "${bare}": pages start with "/". Did you mean "/${bare}"?`,
    { emptyAnswer: 'page-without-slash', page: bare } satisfies EmptyAnswerDetails
  )
}

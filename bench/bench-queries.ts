import type { z } from 'zod'
import type { EngineQuery } from '../src/main/engine/rules/engine-query'
import type { LocalDataset } from '../src/main/engine/local/local-dataset'
import {
  customerCaseFileSchema,
  flowQuerySchema,
  funnelQuerySchema,
  overviewQuerySchema,
  type CustomerCaseFileQuery,
  type FlowQuery,
  type FunnelMode,
  type FunnelQuery,
  type OverviewQuery
} from '../src/shared/journeys/query-schemas'

/*
 * The queries the benchmark times: what an analyst opens first on a shop's data. Each is parsed by
 * the product's own zod schema (so defaults are the app's) and handed to engines without `source`.
 */

const SOURCE = { kind: 'demo' } as const

function engineQuery<S extends z.ZodType<{ source: unknown }>>(
  schema: S,
  input: Omit<z.input<S>, 'source'>
): Omit<z.output<S>, 'source'> {
  const { source: _source, ...query } = schema.parse({ source: SOURCE, ...input })
  return query
}

/** Home → any product page → add to cart → purchase, default 14-day window. */
export function funnelQuery(mode: FunnelMode): EngineQuery<FunnelQuery> {
  return engineQuery(funnelQuerySchema, {
    mode,
    steps: [
      { eventType: 'PAGE_VIEW', pageUrl: '/' },
      { eventType: 'PAGE_VIEW', pageUrl: '/product/*' },
      { eventType: 'ADD_TO_CART' },
      { eventType: 'PURCHASE' }
    ]
  })
}

/** Where visitors go from the home page, five steps deep (default top 8 per step). */
export function flowQuery(): EngineQuery<FlowQuery> {
  return engineQuery(flowQuerySchema, { page: '/', direction: 'from', depth: 5 })
}

export function overviewQuery(): EngineQuery<OverviewQuery> {
  return engineQuery(overviewQuerySchema, {})
}

export function caseFileQuery(userId: string): EngineQuery<CustomerCaseFileQuery> {
  return engineQuery(customerCaseFileSchema, { userId })
}

export interface ChosenUsers {
  /** The user with the most events (the worst case file). */
  busiest: { userId: string; events: number }
  /** A user with the median number of events. */
  typical: { userId: string; events: number }
}

/** The busiest and a typical user of a loaded data set, by their number of events. */
export function chooseCaseFileUsers(dataset: LocalDataset): ChosenUsers {
  const withDocs: { index: number; events: number }[] = []
  for (let u = 0; u < dataset.userCount; u++) {
    if (!dataset.hasUserDocument(u)) continue
    const events = (dataset.userEventStart[u + 1] as number) - (dataset.userEventStart[u] as number)
    withDocs.push({ index: u, events })
  }
  if (withDocs.length === 0) throw new Error('the data set has no user documents')
  withDocs.sort((a, b) => a.events - b.events || a.index - b.index)
  const pick = (entry: { index: number; events: number }) => ({
    userId: String(dataset.users.id(entry.index)),
    events: entry.events
  })
  return {
    busiest: pick(withDocs[withDocs.length - 1] as { index: number; events: number }),
    typical: pick(withDocs[withDocs.length >> 1] as { index: number; events: number })
  }
}

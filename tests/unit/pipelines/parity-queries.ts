import type {
  DateRange,
  FlowQuery,
  FunnelQuery,
  OverviewQuery
} from '../../../src/shared/journeys/query-schemas'
import type { EngineQuery } from '../../../src/main/engine/rules/engine-query'
import { DEFAULT_DEMO_END } from '../../../src/main/data/demo/generate-demo-data'

/**
 * The query matrix of the parity tests and their data sizes. The funnel, flow and overview parity
 * runs on `PARITY_EVENTS` generated events (100,000 by default, as the team asked; set
 * PIPELINE_PARITY_EVENTS=20000 for quick iterations, mingo being the slow part).
 */
export const PARITY_EVENTS = Number(process.env.PIPELINE_PARITY_EVENTS ?? 100_000)
/** The ObjectId data set checks id handling; it need not be large. */
export const OBJECT_ID_EVENTS = Math.min(PARITY_EVENTS, 20_000)
/** Per-test time limit: mingo runs a 100k-event funnel in about 15 s on one core. */
export const PARITY_TIMEOUT_MS = 600_000

const DAY = 86_400_000
const END = DEFAULT_DEMO_END.getTime()
const daysBeforeEnd = (days: number) => new Date(END - days * DAY)

const RANGE_120_TO_10: DateRange = { from: daysBeforeEnd(120), to: daysBeforeEnd(10) }
const RANGE_60_TO_0: DateRange = { from: daysBeforeEnd(60), to: daysBeforeEnd(0) }

type FunnelShape = Omit<EngineQuery<FunnelQuery>, 'mode'>

/** Funnels, each run in every mode. */
export const FUNNELS: Record<string, FunnelShape> = {
  'home, product*, cart, purchase; 1 day; by browser': {
    range: {},
    segment: {},
    steps: [
      { eventType: 'PAGE_VIEW', pageUrl: '/' },
      { eventType: 'PAGE_VIEW', pageUrl: '/product/*' },
      { eventType: 'ADD_TO_CART' },
      { eventType: 'PURCHASE' }
    ],
    windowSeconds: 86_400,
    breakdown: 'browser'
  },
  'search, search page*, cart, checkout, purchase; 14 days; range; Chrome+Safari; by OS': {
    range: RANGE_120_TO_10,
    segment: { browsers: ['Chrome', 'Safari'] },
    steps: [
      { eventType: 'SEARCH' },
      { eventType: 'PAGE_VIEW', pageUrl: '/search?q=*' },
      { eventType: 'ADD_TO_CART', label: 'Added' },
      { eventType: 'PAGE_VIEW', pageUrl: '/checkout' },
      { eventType: 'PURCHASE' }
    ],
    windowSeconds: 14 * 86_400,
    breakdown: 'os'
  },
  'page view x3; 2 minutes; range; iOS+Android': {
    range: RANGE_60_TO_0,
    segment: { operatingSystems: ['iOS', 'Android'] },
    steps: [{ eventType: 'PAGE_VIEW' }, { eventType: 'PAGE_VIEW' }, { eventType: 'PAGE_VIEW' }],
    windowSeconds: 120
  },
  'session start x2 from google; 30 days; by OS': {
    range: {},
    segment: { metadataEquals: [{ key: 'referrer', value: 'google' }] },
    steps: [{ eventType: 'SESSION_START' }, { eventType: 'SESSION_START' }],
    windowSeconds: 30 * 86_400,
    breakdown: 'os'
  }
}

export const FUNNEL_MODES = ['ordered', 'strict', 'any'] as const

/** Flows; `{popular}` stands for the most viewed product page of the data set. */
export const FLOWS: Record<string, EngineQuery<FlowQuery>> = {
  'from home, depth 5, top 4': {
    range: {},
    segment: {},
    page: '/',
    direction: 'from',
    depth: 5,
    topN: 4
  },
  'to cart, depth 3, top 8, range': {
    range: RANGE_120_TO_10,
    segment: {},
    page: '/cart',
    direction: 'to',
    depth: 3,
    topN: 8
  },
  'from a popular product, depth 10, top 1, Safari': {
    range: {},
    segment: { browsers: ['Safari'] },
    page: '{popular}',
    direction: 'from',
    depth: 10,
    topN: 1
  },
  'to confirmation, depth 2, top 3, Android+iOS, range': {
    range: RANGE_60_TO_0,
    segment: { operatingSystems: ['Android', 'iOS'] },
    page: '/checkout/confirmation',
    direction: 'to',
    depth: 2,
    topN: 3
  }
}

export const OVERVIEWS: Record<string, EngineQuery<OverviewQuery>> = {
  'UTC, top 10, everything': { range: {}, segment: {}, timeZone: 'UTC', topPages: 10 },
  'New York, top 5, range, Chrome': {
    range: RANGE_120_TO_10,
    segment: { browsers: ['Chrome'] },
    timeZone: 'America/New_York',
    topPages: 5
  },
  'Kolkata (+5:30), top 3, USD only, macOS+iOS': {
    range: RANGE_60_TO_0,
    segment: {
      operatingSystems: ['macOS', 'iOS'],
      metadataEquals: [{ key: 'currency', value: 'USD' }]
    },
    timeZone: 'Asia/Kolkata',
    topPages: 3
  }
}

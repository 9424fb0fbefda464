import { z } from 'zod'
import { dataSourceSchema } from './data-source'
import { TIME_TO_CONVERT_BUCKETS } from './results'

/** Half-open: `from <= timestamp < to`. Either end may be left open. */
export const dateRangeSchema = z
  .object({ from: z.date().optional(), to: z.date().optional() })
  .refine((r) => !r.from || !r.to || r.from < r.to, { message: '`from` must be before `to`' })

const metadataKeySchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a metadata key is letters, digits and _ only')

/**
 * Segment filters. Browser and OS keep the events of sessions whose `deviceInfo` matches (any of the
 * listed values); each metadata pair keeps events whose `metadata.<key>` equals the value.
 */
export const segmentSchema = z.object({
  browsers: z.array(z.string().min(1).max(100)).max(50).optional(),
  operatingSystems: z.array(z.string().min(1).max(100)).max(50).optional(),
  metadataEquals: z
    .array(
      z.object({
        key: metadataKeySchema,
        value: z.union([z.string().max(1000), z.number(), z.boolean()])
      })
    )
    .max(10)
    .optional()
})

export const scopeSchema = z.object({
  source: dataSourceSchema,
  range: dateRangeSchema.default({}),
  segment: segmentSchema.default({})
})

export const pageSchema = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50)
})

export const customerSearchSchema = z.object({
  source: dataSourceSchema,
  /** Exact id, exact email (case-insensitive), or a prefix of name or email. Always literal text. */
  text: z.string().trim().min(1).max(200),
  limit: z.number().int().min(1).max(50).default(50)
})

export const customerCaseFileSchema = z.object({
  source: dataSourceSchema,
  /** The user's `_id` as text; an ObjectId's 24 hex digits match an ObjectId id too. */
  userId: z.string().min(1).max(200),
  sessions: pageSchema.default({ offset: 0, limit: 20 })
})

/**
 * A funnel step: an event type, optionally with a page URL. A URL ending in `*` is a prefix
 * (`/product/*` matches `/product/42`); otherwise it must equal `metadata.pageUrl` exactly.
 */
export const funnelStepSchema = z.object({
  eventType: z.string().min(1).max(100),
  pageUrl: z.string().min(1).max(2000).optional(),
  label: z.string().max(200).optional()
})

export const FUNNEL_MODES = ['ordered', 'strict', 'any'] as const
export const BREAKDOWN_KEYS = ['browser', 'os'] as const

export const funnelQuerySchema = scopeSchema.extend({
  steps: z.array(funnelStepSchema).min(2).max(10),
  mode: z.enum(FUNNEL_MODES).default('ordered'),
  /** Conversion window in seconds, measured from the entry event. Default 14 days. */
  windowSeconds: z
    .number()
    .int()
    .min(1)
    .max(366 * 86400)
    .default(14 * 86400),
  breakdown: z.enum(BREAKDOWN_KEYS).optional()
})

/**
 * Which users of a funnel a drill-down selects: a step and an outcome, optionally narrowed to one
 * breakdown group and one time-to-convert bucket (the funnel-users query's and export's fields).
 */
export const funnelUserSelectionFields = {
  /** 1-based step number. */
  step: z.number().int().min(1).max(10),
  /** `reached`: users whose furthest step is >= step; `dropped`: reached step-1 but not step. */
  outcome: z.enum(['reached', 'dropped']),
  /**
   * Only the users of one breakdown group: the `breakdown` value (browser or OS) of their entry
   * session, `(unknown)` when absent, as the funnel's groups have it. Needs `breakdown`.
   */
  breakdownValue: z.string().min(1).max(100).optional(),
  /**
   * Only the users whose seconds from step - 1 to `step` fall in this bucket of
   * `TIME_TO_CONVERT_BUCKETS` (0 is `under 1 min`). Needs `outcome: 'reached'` and step >= 2.
   */
  timeToConvertBucket: z
    .number()
    .int()
    .min(0)
    .max(TIME_TO_CONVERT_BUCKETS.length - 1)
    .optional()
}

interface FunnelUserSelectionInput {
  breakdown?: string | undefined
  step: number
  outcome: 'reached' | 'dropped'
  breakdownValue?: string | undefined
  timeToConvertBucket?: number | undefined
}

/** The rules between a selection's fields (a group needs a breakdown; a bucket, a reached step ≥ 2). */
export function checkFunnelUserSelection(
  query: FunnelUserSelectionInput,
  issues: z.RefinementCtx
): void {
  if (query.breakdownValue !== undefined && query.breakdown === undefined) {
    issues.addIssue({
      code: 'custom',
      path: ['breakdownValue'],
      message: 'a breakdown group needs the funnel broken down by browser or OS'
    })
  }
  if (query.timeToConvertBucket !== undefined && (query.outcome !== 'reached' || query.step < 2)) {
    issues.addIssue({
      code: 'custom',
      path: ['timeToConvertBucket'],
      message: 'a time-to-convert bucket lists users who reached a step from 2 on (outcome reached)'
    })
  }
}

export const funnelUsersQuerySchema = funnelQuerySchema
  .extend({ ...funnelUserSelectionFields, page: pageSchema.default({ offset: 0, limit: 50 }) })
  .superRefine(checkFunnelUserSelection)

export const flowQuerySchema = scopeSchema.extend({
  page: z.string().min(1).max(2000),
  direction: z.enum(['from', 'to']).default('from'),
  depth: z.number().int().min(1).max(10).default(5),
  topN: z.number().int().min(1).max(50).default(8)
})

/**
 * One node (`step:page`, as in `FlowNode.id`) or one edge (`source` → `target` node ids) of a flows
 * result with the same scope and parameters.
 */
export const flowSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('node'), id: z.string().min(1).max(2100) }),
  z.object({
    kind: z.literal('edge'),
    source: z.string().min(1).max(2100),
    target: z.string().min(1).max(2100)
  })
])

export const flowUsersQuerySchema = flowQuerySchema.extend({
  selection: flowSelectionSchema,
  users: pageSchema.default({ offset: 0, limit: 50 })
})

export const catalogueQuerySchema = z.object({
  source: dataSourceSchema,
  /** Only pages starting with this text (literal, case-sensitive); all pages when absent. */
  pagePrefix: z.string().max(2000).optional(),
  /** Recompute instead of answering from the per-source cache. */
  refresh: z.boolean().default(false)
})

export const overviewQuerySchema = scopeSchema.extend({
  /** IANA time zone in which days are counted. */
  timeZone: z.string().min(1).max(64).default('UTC'),
  topPages: z.number().int().min(1).max(100).default(10)
})

export type DateRange = z.infer<typeof dateRangeSchema>
export type Segment = z.infer<typeof segmentSchema>
export type Scope = z.infer<typeof scopeSchema>
export type PageRequest = z.infer<typeof pageSchema>
export type CustomerSearchQuery = z.infer<typeof customerSearchSchema>
export type CustomerCaseFileQuery = z.infer<typeof customerCaseFileSchema>
export type FunnelStep = z.infer<typeof funnelStepSchema>
export type FunnelMode = (typeof FUNNEL_MODES)[number]
export type BreakdownKey = (typeof BREAKDOWN_KEYS)[number]
export type FunnelQuery = z.infer<typeof funnelQuerySchema>
export type FunnelUsersQuery = z.infer<typeof funnelUsersQuerySchema>
export type FlowQuery = z.infer<typeof flowQuerySchema>
export type OverviewQuery = z.infer<typeof overviewQuerySchema>
export type FlowSelection = z.infer<typeof flowSelectionSchema>
export type FlowUsersQuery = z.infer<typeof flowUsersQuerySchema>
export type CatalogueQuery = z.infer<typeof catalogueQuerySchema>

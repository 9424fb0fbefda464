import { z } from 'zod'
import { dataSourceSchema } from '../journeys/data-source'
import {
  customerCaseFileSchema,
  customerSearchSchema,
  dateRangeSchema,
  flowQuerySchema,
  flowSelectionSchema,
  checkFunnelUserSelection,
  funnelQuerySchema,
  funnelUserSelectionFields,
  overviewQuerySchema
} from '../journeys/query-schemas'

/** The raw collections a `collection` export reads, and the date field its range applies to. */
export const EXPORT_COLLECTIONS = ['users', 'sessions', 'events'] as const
export type ExportCollection = (typeof EXPORT_COLLECTIONS)[number]

export const COLLECTION_RANGE_FIELDS: Record<ExportCollection, string> = {
  users: 'createdAt',
  sessions: 'startTime',
  events: 'timestamp'
}

/**
 * What can be exported, each kind with the query behind it (the same schemas as the screens'
 * queries, minus paging: an export always has every row).
 */
export const exportRequestSchema = z.discriminatedUnion('kind', [
  /** One row per event of a customer (every event whose `userId` is theirs), in event order. */
  customerCaseFileSchema.omit({ sessions: true }).extend({ kind: z.literal('caseFileEvents') }),
  /** One row per session document of a customer, newest first. */
  customerCaseFileSchema.omit({ sessions: true }).extend({ kind: z.literal('caseFileSessions') }),
  /**
   * The users who reached, or dropped off at, one funnel step, with their step times; optionally
   * only one breakdown group's, or one time-to-convert bucket's (the drill-down's narrowed lists).
   */
  funnelQuerySchema
    .extend({ kind: z.literal('funnelUsers'), ...funnelUserSelectionFields })
    .superRefine(checkFunnelUserSelection),
  /** The edges of a flows result. */
  flowQuerySchema.extend({ kind: z.literal('flowEdges') }),
  /** The users (and their sessions) behind one node or edge of a flows result. */
  flowQuerySchema.extend({ kind: z.literal('flowUsers'), selection: flowSelectionSchema }),
  /** Every customer matching a search (not only the first page). */
  customerSearchSchema.omit({ limit: true }).extend({ kind: z.literal('customers') }),
  /** The overview's daily table. */
  overviewQuerySchema.extend({ kind: z.literal('overviewDays') }),
  /** The overview's top pages. */
  overviewQuerySchema.extend({ kind: z.literal('overviewTopPages') }),
  /** Raw documents of one collection whose date field is in the range, nested fields as `a.b`. */
  z.object({
    kind: z.literal('collection'),
    source: dataSourceSchema,
    collection: z.enum(EXPORT_COLLECTIONS),
    range: dateRangeSchema.default({})
  })
])

export type ExportRequest = z.infer<typeof exportRequestSchema>
export type ExportRequestInput = z.input<typeof exportRequestSchema>
export type ExportKind = ExportRequest['kind']
export type ExportRequestOf<K extends ExportKind> = Extract<ExportRequest, { kind: K }>

/** How the CSV is written. */
export const csvOptionsSchema = z.object({
  /** Column keys to write, in this order; all of the export's columns when absent. */
  columns: z.array(z.string().min(1).max(1000)).min(1).max(2000).optional(),
  /** A UTF-8 byte order mark first, so Excel reads the file as UTF-8. */
  bom: z.boolean().default(false),
  /**
   * Text cells starting with `=`, `+`, `-`, `@`, tab or carriage return get a leading `'`, so a
   * spreadsheet shows them instead of running them as formulas (OWASP's advice). Numbers are never
   * changed. Turn off only for raw data going to a program, not a spreadsheet.
   */
  formulaGuard: z.boolean().default(true)
})

export type CsvOptions = z.infer<typeof csvOptionsSchema>

/** Excel shows at most this many rows (the header included); a larger file is cut when opened. */
export const EXCEL_MAX_ROWS = 1_048_576

/** A file name without folders, ending in `.csv`. */
export const exportFileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^/\\:*?"<>|]+$/, 'a file name without folders or special characters')
  .refine(hasNoControlCharacters, 'a file name without control characters')

function hasNoControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 32) return false
  return true
}

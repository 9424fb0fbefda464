import { z } from 'zod'
import { dataSourceSchema } from './data-source'

/** Stages that write: never sent to a server from the app, not even to explain them. */
const WRITING_STAGES = ['$out', '$merge']

const documentSchema = z.record(z.string(), z.unknown())

/** One step of a result's plan (`QueryPlanStep`), as Show query sends it back to be explained. */
export const planStepSchema = z.object({
  collection: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => !name.includes('$') && !name.startsWith('system.'), {
      message: 'not a collection the journeys read'
    }),
  operation: z.enum(['aggregate', 'find', 'countDocuments']),
  pipeline: z
    .array(documentSchema)
    .max(200)
    .refine((stages) => !stages.some((stage) => WRITING_STAGES.some((name) => name in stage)), {
      message: 'a pipeline that writes ($out, $merge) is not explained'
    })
    .optional(),
  filter: documentSchema.optional(),
  projection: documentSchema.optional(),
  sort: documentSchema.optional(),
  index: z.string().max(500).optional()
})

export const explainQuerySchema = z.object({
  source: dataSourceSchema,
  steps: z.array(planStepSchema).min(1).max(20)
})

export type ExplainQuery = z.infer<typeof explainQuerySchema>

/** How the server would run one step (explain, `queryPlanner` verbosity: nothing is executed). */
export interface ExplainedStep {
  collection: string
  operation: 'aggregate' | 'find' | 'countDocuments'
  /** `IXSCAN` when an index is used, `COLLSCAN` when every document is read, else `UNKNOWN`. */
  stage: 'IXSCAN' | 'COLLSCAN' | 'UNKNOWN'
  indexName: string | null
  /** The plan in the server's words, one line per node. */
  summary: string[]
  /** The server's own answer; null when it was too large to send (over 256 KB). */
  raw: unknown
}

export interface ExplainResult {
  steps: ExplainedStep[]
}

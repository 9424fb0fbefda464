import { z } from 'zod'

/**
 * Where a query runs: the bundled demo workspace, a folder of NDJSON files (local engine), a saved
 * connection, or (command line only) a raw URI.
 */
export const dataSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo') }),
  z.object({ kind: z.literal('folder'), path: z.string().min(1) }),
  z.object({
    kind: z.literal('connection'),
    connectionId: z.string().min(1),
    database: z.string().min(1).max(63)
  }),
  z.object({ kind: z.literal('uri'), uri: z.string().min(1), database: z.string().min(1).max(63) })
])

export type DataSource = z.infer<typeof dataSourceSchema>

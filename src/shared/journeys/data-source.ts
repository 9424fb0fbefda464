import { z } from 'zod'

/** MongoDB's rules for a database name: 1 to 63 characters, none of `/\\. "$*<>:|?` or NUL. */
export const databaseNameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[^/\\. "$*<>:|?\0]+$/,
    'a database name cannot hold spaces or any of / \\ . " $ * < > : | ?'
  )

/** The id of an offline copy ("Work offline"): the app names its folder, never the page. */
export const workspaceIdSchema = z
  .string()
  .regex(/^[a-f0-9]{16}$/, 'an offline copy id is 16 hexadecimal digits')

/**
 * Where a query runs: the bundled demo workspace, a folder of NDJSON files (local engine), a saved
 * connection, an offline copy of one (local engine over the app's workspace folder), or (command
 * line only) a raw URI.
 */
export const dataSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo') }),
  z.object({ kind: z.literal('folder'), path: z.string().min(1) }),
  z.object({
    kind: z.literal('connection'),
    connectionId: z.string().min(1),
    database: databaseNameSchema
  }),
  z.object({ kind: z.literal('workspace'), workspaceId: workspaceIdSchema }),
  z.object({ kind: z.literal('uri'), uri: z.string().min(1), database: databaseNameSchema })
])

export type DataSource = z.infer<typeof dataSourceSchema>

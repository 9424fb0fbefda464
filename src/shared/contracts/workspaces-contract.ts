import { z } from 'zod'
import { databaseNameSchema, workspaceIdSchema } from '../journeys/data-source'
import { defineService, method } from '../rpc/contract'

/**
 * An offline copy of a saved connection's database ("Work offline"): a workspace folder the app
 * keeps in its data folder, queried by the local engine as a source of its own.
 */
export interface WorkspaceSummary {
  id: string
  /** The saved connection it was taken from (it may have been removed since). */
  connectionId: string | null
  database: string
  /** The server's host names (never a password). */
  hosts: string
  /** `unfinished`: an extract was interrupted or cancelled; extracting again goes on from there. */
  status: 'ready' | 'unfinished'
  createdAt: Date | null
  /** When its data was last read from the server (the extract, or the latest refresh). */
  refreshedAt: Date | null
  counts: { users: number; sessions: number; events: number } | null
}

export interface WorkspaceRefreshResult {
  workspace: WorkspaceSummary
  newEvents: number
  sessions: number
  users: number
  ms: number
}

export const workspacesContract = defineService('workspaces', {
  list: method<WorkspaceSummary[]>()(
    z.object({}).default({}),
    'The offline copies, newest first (unfinished extracts too).'
  ),
  extract: method<WorkspaceSummary>()(
    z.object({ connectionId: z.string().min(1), database: databaseNameSchema }),
    "Work offline: copies a connection's database into an offline copy, with progress; an interrupted one goes on where it stopped."
  ),
  refresh: method<WorkspaceRefreshResult>()(
    z.object({ id: workspaceIdSchema }),
    'Reads the events added on the server since the copy was made or refreshed, and the sessions and users they touch.'
  ),
  remove: method<{ removed: boolean }>()(
    z.object({ id: workspaceIdSchema }),
    'Deletes an offline copy (the server is not touched).'
  )
})

export type WorkspacesContract = typeof workspacesContract

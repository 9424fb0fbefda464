import { createHash } from 'node:crypto'

/**
 * One offline copy per saved connection and database: its id (and folder name) is a digest of
 * both, so "Work offline" twice finds the same copy, and no name from a page becomes a path.
 */
export function workspaceIdOf(connectionId: string, database: string): string {
  return createHash('sha256').update(`${connectionId}\u0000${database}`).digest('hex').slice(0, 16)
}

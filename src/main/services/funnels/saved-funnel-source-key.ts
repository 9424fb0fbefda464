import { AppError } from '../../../shared/errors'
import type { DataSource } from '../../../shared/journeys/data-source'

/**
 * The key saved funnels are filed under: one per data source, and per database of a connection (two
 * databases of one server hold different events). A raw URI may carry a password: never a key.
 */
export function savedFunnelSourceKey(source: DataSource): string {
  switch (source.kind) {
    case 'demo':
      return 'demo'
    case 'folder':
      return `folder:${source.path}`
    case 'workspace':
      return `workspace:${source.workspaceId}`
    case 'connection':
      return `connection:${source.connectionId}/${source.database}`
    case 'uri':
      throw new AppError(
        'INVALID_INPUT',
        'Funnels are saved for the demo workspace, a data folder or a saved connection, not for a raw connection string'
      )
  }
}

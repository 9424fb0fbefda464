import type { Db } from 'mongodb'
import type { ServerCapabilities } from '../../../shared/contracts/connections-contract'
import { explainFind } from './explain-find'
import { findShapeFor, type FindShape } from './find-specs'

/**
 * How to shape lookups on this database's server: FerretDB says in `explain` whether it handed a
 * filter to its backend (`filterPushdown`), so a plain equality on `events.userId` is explained
 * once: pushed down (PostgreSQL) gives the `equality` shape; not (SQLite, or no events yet) keeps
 * `combined`. Other servers are not asked.
 */
export async function detectFindShape(
  db: Db,
  flavor: ServerCapabilities['flavor'],
  signal?: AbortSignal
): Promise<FindShape> {
  if (flavor !== 'ferretdb') return 'combined'
  try {
    const explanation = await explainFind(
      db,
      { collection: 'events', filter: { userId: '__journey_workbench_probe__' } },
      signal
    )
    return findShapeFor(flavor, explanation.pushdown?.filter === true)
  } catch {
    return 'combined'
  }
}

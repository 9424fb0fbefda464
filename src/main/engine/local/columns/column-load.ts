import { BytesInterner } from './bytes-interner'
import type { MemoryColumns } from './column-source'
import { EventColumnsBuilder, type LoadTables } from './event-columns-builder'
import { finalizeColumns } from './finalize-columns'
import { SessionColumnsBuilder, UserColumnsBuilder } from './parent-columns-builder'

/**
 * One load in progress: the shared id and string tables and a builder per collection. Feed users,
 * then sessions, then events (documents or lines), then `finish` indexes everything.
 */
export class ColumnLoad {
  readonly tables: LoadTables = {
    users: new BytesInterner(),
    sessions: new BytesInterner(),
    eventTypes: new BytesInterner(),
    pages: new BytesInterner()
  }
  readonly devices = new BytesInterner()
  readonly users = new UserColumnsBuilder(this.tables.users)
  readonly sessions = new SessionColumnsBuilder(
    this.tables.sessions,
    this.tables.users,
    this.devices
  )
  readonly events = new EventColumnsBuilder(this.tables)

  finish(): MemoryColumns {
    return finalizeColumns(this)
  }
}

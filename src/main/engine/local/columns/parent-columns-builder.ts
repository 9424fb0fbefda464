import { AppError } from '../../../../shared/errors'
import { toExtendedJsonLine } from '../../../data/ndjson/extended-json-line'
import type { BytesInterner } from './bytes-interner'
import { ByteBlob, int32Column } from './growable-column'
import { internId, internText } from './interned-values'

/** Where a document's text comes from: its line in a file (kept as is), or none (written here). */
export interface DocumentText {
  bytes: Uint8Array
  start: number
  end: number
}

/**
 * User documents while loading: each one's id (in the users table), its Extended JSON text (the
 * file's own line when there is one), and its name and email for customer search.
 */
export class UserColumnsBuilder {
  /** Load-time index (in the users table) of each document, in document order. */
  readonly user = int32Column()
  readonly docs = new ByteBlob()
  readonly names: (string | null)[] = []
  readonly emails: (string | null)[] = []

  constructor(private readonly users: BytesInterner) {}

  addDocument(doc: unknown, line: number, text?: DocumentText): void {
    const user = asRecord(doc, 'users', line)
    const before = this.users.size
    const index = internId(this.users, user._id)
    if (index < 0) invalid('users', line, '_id must be a string, an ObjectId or a number')
    if (index < before) invalid('users', line, `duplicate _id ${String(user._id)}`)
    this.user.push(index)
    addText(this.docs, doc, text)
    this.names.push(typeof user.name === 'string' ? user.name : null)
    this.emails.push(typeof user.email === 'string' ? user.email : null)
  }
}

/**
 * Session documents while loading: id, user, the browser and OS codes (in one table of device
 * values; -1 when absent or not a string) and the Extended JSON text.
 */
export class SessionColumnsBuilder {
  readonly session = int32Column()
  readonly user = int32Column()
  readonly browser = int32Column()
  readonly os = int32Column()
  readonly docs = new ByteBlob()

  constructor(
    private readonly sessions: BytesInterner,
    private readonly users: BytesInterner,
    private readonly devices: BytesInterner
  ) {}

  addDocument(doc: unknown, line: number, text?: DocumentText): void {
    const session = asRecord(doc, 'sessions', line)
    const before = this.sessions.size
    const index = internId(this.sessions, session._id)
    if (index < 0) invalid('sessions', line, '_id must be a string, an ObjectId or a number')
    // Sessions are read before events, so an id seen before is a duplicate document.
    if (index < before) invalid('sessions', line, `duplicate _id ${String(session._id)}`)
    const user = internId(this.users, session.userId)
    if (user < 0) invalid('sessions', line, 'userId must be a string, an ObjectId or a number')
    this.session.push(index)
    this.user.push(user)
    const device = session.deviceInfo as { browser?: unknown; os?: unknown } | null | undefined
    const browser = typeof device === 'object' && device !== null ? device.browser : undefined
    const os = typeof device === 'object' && device !== null ? device.os : undefined
    this.browser.push(typeof browser === 'string' ? internText(this.devices, browser) : -1)
    this.os.push(typeof os === 'string' ? internText(this.devices, os) : -1)
    addText(this.docs, doc, text)
  }
}

function addText(blob: ByteBlob, doc: unknown, text: DocumentText | undefined): void {
  if (text) blob.add(text.bytes, text.start, text.end)
  else blob.addText(toExtendedJsonLine(doc))
}

function asRecord(doc: unknown, collection: string, line: number): Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    invalid(collection, line, 'not a document')
  }
  return doc as Record<string, unknown>
}

function invalid(collection: string, line: number, problem: string): never {
  throw new AppError('DATA_INVALID', `${collection}, line ${line}: ${problem}`, {
    collection,
    line
  })
}

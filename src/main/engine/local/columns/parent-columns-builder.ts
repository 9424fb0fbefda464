import { AppError } from '../../../../shared/errors'
import { toExtendedJsonLine } from '../../../data/ndjson/extended-json-line'
import type { BytesInterner } from './bytes-interner'
import type { IdField } from './event-line-reader'
import { ByteBlob, int32Column } from './growable-column'
import { internId, internText, internUtf8 } from './interned-values'
import {
  FIELD_ABSENT,
  FIELD_DATE,
  FIELD_NULL,
  FIELD_OBJECT,
  FIELD_OBJECT_ID,
  FIELD_STRING,
  ParentLineReader
} from './parent-line-reader'

const utf8 = new TextDecoder()

// Field indexes of the readers below.
const ID = 0
const USER_NAME = 1
const USER_EMAIL = 2
const USER_CREATED = 3
const USER_ACTIVE = 4
const SESSION_USER = 1
const SESSION_START = 2
const SESSION_END = 3
const SESSION_DEVICE = 4
const SESSION_IP = 5
const DEVICE_BROWSER = 0
const DEVICE_OS = 1

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

  private readonly reader = new ParentLineReader([
    { name: '_id' },
    { name: 'name' },
    { name: 'email' },
    { name: 'createdAt' },
    { name: 'lastActiveAt' }
  ])

  constructor(private readonly users: BytesInterner) {}

  /**
   * Adds a user line of the common shape read from its bytes, as `addDocument` would add its
   * parsed document; false (nothing added) for any other line, and for one `addDocument` refuses.
   */
  addLine(bytes: Uint8Array, start: number, end: number): boolean {
    const r = this.reader
    if (!r.read(bytes, start, end)) return false
    const { kind } = r
    if (!isReadableId(r, ID)) return false
    if (!isOptional(kind[USER_NAME], FIELD_STRING) || !isOptional(kind[USER_EMAIL], FIELD_STRING))
      return false
    if (!isOptional(kind[USER_CREATED], FIELD_DATE) || !isOptional(kind[USER_ACTIVE], FIELD_DATE))
      return false
    const before = this.users.size
    const index = internField(this.users, r.id[ID] as IdField)
    if (index < before) return false // a duplicate: addDocument says so
    this.user.push(index)
    this.docs.add(bytes, start, end)
    this.names.push(stringField(r, bytes, USER_NAME))
    this.emails.push(stringField(r, bytes, USER_EMAIL))
    return true
  }

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

  private readonly reader = new ParentLineReader([
    { name: '_id' },
    { name: 'userId' },
    { name: 'startTime' },
    { name: 'endTime' },
    { name: 'deviceInfo', inner: ['browser', 'os'] },
    { name: 'ipAddress' }
  ])

  constructor(
    private readonly sessions: BytesInterner,
    private readonly users: BytesInterner,
    private readonly devices: BytesInterner
  ) {}

  /**
   * Adds a session line of the common shape read from its bytes, as `addDocument` would add its
   * parsed document; false (nothing added) for any other line, and for one `addDocument` refuses.
   */
  addLine(bytes: Uint8Array, start: number, end: number): boolean {
    const r = this.reader
    if (!r.read(bytes, start, end)) return false
    const { kind } = r
    if (!isReadableId(r, ID) || !isReadableId(r, SESSION_USER)) return false
    if (kind[SESSION_START] !== FIELD_DATE || !isOptional(kind[SESSION_END], FIELD_DATE))
      return false
    if (
      !isOptional(kind[SESSION_DEVICE], FIELD_OBJECT) ||
      !isOptional(kind[SESSION_IP], FIELD_STRING)
    )
      return false
    const device = kind[SESSION_DEVICE] === FIELD_OBJECT
    const deviceKinds = r.innerKind[SESSION_DEVICE] as Int32Array
    const deviceAscii = r.innerAscii[SESSION_DEVICE] as Uint8Array
    for (const key of [DEVICE_BROWSER, DEVICE_OS]) {
      // Device strings are interned from the line's bytes: ASCII only (the rest as documents).
      if (device && deviceKinds[key] === FIELD_STRING && deviceAscii[key] !== 1) return false
    }
    const before = this.sessions.size
    const index = internField(this.sessions, r.id[ID] as IdField)
    if (index < before) return false // a duplicate: addDocument says so
    this.session.push(index)
    this.user.push(internField(this.users, r.id[SESSION_USER] as IdField))
    this.browser.push(device ? this.deviceCode(r, bytes, DEVICE_BROWSER) : -1)
    this.os.push(device ? this.deviceCode(r, bytes, DEVICE_OS) : -1)
    this.docs.add(bytes, start, end)
    return true
  }

  private deviceCode(r: ParentLineReader, bytes: Uint8Array, key: number): number {
    if ((r.innerKind[SESSION_DEVICE] as Int32Array)[key] !== FIELD_STRING) return -1
    const start = (r.innerStart[SESSION_DEVICE] as Int32Array)[key] as number
    const end = (r.innerEnd[SESSION_DEVICE] as Int32Array)[key] as number
    return internUtf8(this.devices, bytes, start, end)
  }

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

/** An id the interners can take from the line: an ObjectId, or an ASCII string. */
function isReadableId(r: ParentLineReader, field: number): boolean {
  const kind = r.kind[field]
  return kind === FIELD_OBJECT_ID || (kind === FIELD_STRING && r.ascii[field] === 1)
}

/** Absent, null, or of the kind a field must have when present. */
function isOptional(kind: number | undefined, required: number): boolean {
  return kind === FIELD_ABSENT || kind === FIELD_NULL || kind === required
}

function internField(interner: BytesInterner, field: IdField): number {
  return interner.intern(field.source, field.start, field.end, field.tag)
}

/** A string field's text, or null when it is not a string. */
function stringField(r: ParentLineReader, bytes: Uint8Array, field: number): string | null {
  if (r.kind[field] !== FIELD_STRING) return null
  return utf8.decode(bytes.subarray(r.start[field], r.end[field]))
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

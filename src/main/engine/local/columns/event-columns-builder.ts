import { AppError } from '../../../../shared/errors'
import { toExtendedJsonLine } from '../../../data/ndjson/extended-json-line'
import { BytesInterner } from './bytes-interner'
import {
  ShapeTable,
  SIGNATURE_METADATA,
  SIGNATURE_OPAQUE,
  type DocumentShape
} from './document-shapes'
import { encodeId, ID_TAG_STRING } from './encoded-ids'
import {
  EVENT_KEYS,
  EventLineReader,
  KEY_METADATA,
  KIND_FALSE,
  KIND_NULL,
  KIND_NUMBER,
  KIND_STRING,
  KIND_TRUE,
  type IdField
} from './event-line-reader'
import { ByteBlob, float64Column, int32Column } from './growable-column'
import { internedTexts, internId, internText, internUtf8 } from './interned-values'
import {
  MetadataColumnsBuilder,
  VALUE_FALSE,
  VALUE_NULL,
  VALUE_NUMBER,
  VALUE_TRUE
} from './metadata-columns-builder'

/** The id and string tables the three collections share while loading. */
export interface LoadTables {
  users: BytesInterner
  sessions: BytesInterner
  eventTypes: BytesInterner
  pages: BytesInterner
}

const PAGE_URL = 'pageUrl'
const utf8 = new TextDecoder()

/**
 * Events as columns, in load order: time, user, session, type and page, the event's id, its shape
 * (key order), sparse metadata columns, and the fields no column holds as Extended JSON ("extras",
 * empty for most events). Every document goes through `addDocument`, the one step from a document
 * to the columns; `addLine` is its fast equivalent for lines of the common shape, read from bytes.
 */
export class EventColumnsBuilder {
  readonly time = float64Column()
  readonly user = int32Column()
  readonly session = int32Column()
  readonly type = int32Column()
  readonly page = int32Column()
  readonly shape = int32Column()
  readonly ids = new ByteBlob()
  readonly extras = new ByteBlob()
  /** Load positions of events whose metadata is not a plain object (kept whole in the extras). */
  readonly opaqueMetadata = int32Column()
  readonly metadata = new MetadataColumnsBuilder()
  readonly shapes = new ShapeTable((signature, length) => this.describeShape(signature, length))
  readonly topKeys = new BytesInterner()
  private readonly reader = new EventLineReader()
  private readonly signature = new Int32Array(256)
  private readonly pageUrlKey: number

  constructor(private readonly tables: LoadTables) {
    for (const key of EVENT_KEYS) internText(this.topKeys, key)
    this.pageUrlKey = this.metadata.keyIndex(PAGE_URL)
  }

  get count(): number {
    return this.time.length
  }

  /** Validates one event document (as a parsed line or an object) and adds it. */
  addDocument(doc: unknown, line: number): void {
    const event = asRecord(doc, line)
    const id = encodeId(event._id)
    if (!id) invalid(line, '_id must be a string, an ObjectId or a number')
    const user = internId(this.tables.users, event.userId)
    if (user < 0) invalid(line, 'userId must be a string, an ObjectId or a number')
    const session = internId(this.tables.sessions, event.sessionId)
    if (session < 0) invalid(line, 'sessionId must be a string, an ObjectId or a number')
    const eventType: unknown = event.eventType
    if (typeof eventType !== 'string') invalid(line, 'eventType must be a string')
    const timestamp: unknown = event.timestamp
    if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime())) {
      invalid(line, 'timestamp must be a date ({"$date": ...})')
    }
    const metadata: unknown = event.metadata
    if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null)) {
      invalid(line, 'metadata must be an object')
    }

    const position = this.count
    this.ids.add(id)
    this.time.push(timestamp.getTime())
    this.user.push(user)
    this.session.push(session)
    this.type.push(internText(this.tables.eventTypes, eventType))
    let page = -1
    let extras: Record<string, unknown> | null = null
    const signature = this.signature
    let length = 0
    const keys = Object.keys(event)
    for (const key of keys) {
      const code = internText(this.topKeys, key)
      signature[length++] = code
      if (code < KEY_METADATA) continue
      if (code > KEY_METADATA) {
        extras ??= {}
        setField(extras, key, event[key])
      }
    }
    if (keys.includes('metadata')) {
      if (isPlainObject(metadata)) {
        signature[length++] = SIGNATURE_METADATA
        const metadataKeys = Object.keys(metadata)
        let otherValues: Record<string, unknown> | null = null
        for (const key of metadataKeys) {
          const index = this.metadata.keyIndex(key)
          if (length < signature.length) signature[length++] = index
          const value = metadata[key]
          if (index === this.pageUrlKey && typeof value === 'string') {
            page = internText(this.tables.pages, value)
          } else if (!this.metadata.column(index).addValue(position, value)) {
            setField((otherValues ??= {}), key, value)
          }
        }
        if (otherValues) setField((extras ??= {}), 'metadata', otherValues)
      } else {
        signature[length++] = SIGNATURE_OPAQUE
        this.opaqueMetadata.push(position)
        setField((extras ??= {}), 'metadata', metadata)
      }
    }
    if (length >= signature.length) invalid(line, 'more than 250 fields')
    this.page.push(page)
    this.shape.push(this.shapes.idOf(signature, length))
    if (extras) this.extras.addText(toExtendedJsonLine(extras))
    else this.extras.addEmpty()
  }

  /** Adds a line of the common shape read from its bytes; false (nothing added) for any other. */
  addLine(bytes: Uint8Array, start: number, end: number): boolean {
    const reader = this.reader
    if (!reader.read(bytes, start, end)) return false
    const { tables, metadata } = this
    const position = this.count
    addTaggedId(this.ids, reader.id)
    this.time.push(reader.time)
    this.user.push(internField(tables.users, reader.user))
    this.session.push(internField(tables.sessions, reader.session))
    this.type.push(internUtf8(tables.eventTypes, bytes, reader.typeStart, reader.typeEnd))
    const signature = this.signature
    let length = 0
    for (let k = 0; k < reader.keyCount; k++) signature[length++] = reader.keyOrder[k] as number
    let page = -1
    if (reader.hasMetadata) {
      signature[length++] = SIGNATURE_METADATA
      for (let n = 0; n < reader.metadataCount; n++) {
        let index = metadata.keys.intern(
          bytes,
          reader.metaKeyStart[n] as number,
          reader.metaKeyEnd[n] as number,
          ID_TAG_STRING
        )
        if (index === metadata.columns.length) {
          const key = utf8.decode(bytes.subarray(reader.metaKeyStart[n], reader.metaKeyEnd[n]))
          index = metadata.keyIndex(key)
        }
        signature[length++] = index
        const kind = reader.metaKind[n]
        if (kind === KIND_STRING) {
          const valueStart = reader.metaStart[n] as number
          const valueEnd = reader.metaEnd[n] as number
          const flags = reader.metaFlags[n] as number
          const pool = index === this.pageUrlKey ? tables.pages : metadata.column(index).strings
          const code =
            flags === 0
              ? internUtf8(pool, bytes, valueStart, valueEnd)
              : internText(pool, stringAt(bytes, valueStart, valueEnd, flags))
          if (index === this.pageUrlKey) page = code
          else metadata.column(index).add(position, code)
        } else {
          const column = metadata.column(index)
          if (kind === KIND_NUMBER) column.add(position, VALUE_NUMBER, reader.metaNumber[n])
          else if (kind === KIND_TRUE) column.add(position, VALUE_TRUE)
          else if (kind === KIND_FALSE) column.add(position, VALUE_FALSE)
          else if (kind === KIND_NULL) column.add(position, VALUE_NULL)
        }
      }
    }
    this.page.push(page)
    this.shape.push(this.shapes.idOf(signature, length))
    this.extras.addEmpty()
    return true
  }

  /** The keys a signature stands for (codes from `topKeys` and the metadata key table). */
  private describeShape(signature: Int32Array, length: number): DocumentShape {
    const topKeys = internedTexts(this.topKeys)
    const keys: string[] = []
    let metadata: string[] | null = null
    for (let k = 0; k < length; k++) {
      const code = signature[k] as number
      if (code === SIGNATURE_METADATA) {
        metadata = []
      } else if (code !== SIGNATURE_OPAQUE) {
        if (metadata) metadata.push(this.metadata.column(code).key)
        else keys.push(topKeys[code] as string)
      }
    }
    return { keys, metadata }
  }
}

function internField(interner: BytesInterner, field: IdField): number {
  return interner.intern(field.source, field.start, field.end, field.tag)
}

function addTaggedId(blob: ByteBlob, field: IdField): void {
  blob.addTagged(field.tag, field.source, field.start, field.end)
}

/** A string value with escapes (flag 1) or non-ASCII bytes (flag 2), as JSON.parse reads it. */
function stringAt(bytes: Uint8Array, start: number, end: number, flags: number): string {
  const text = utf8.decode(bytes.subarray(start, end))
  return flags & 1 ? (JSON.parse(`"${text}"`) as string) : text
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** Sets a field, even one named `__proto__`, as an own property. */
export function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true
    })
  } else {
    target[key] = value
  }
}

function asRecord(doc: unknown, line: number): Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) invalid(line, 'not a document')
  return doc as Record<string, unknown>
}

function invalid(line: number, problem: string): never {
  throw new AppError('DATA_INVALID', `events, line ${line}: ${problem}`, {
    collection: 'events',
    line
  })
}

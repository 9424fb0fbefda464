import type { DocumentId, EventDocument } from '../../../shared/journeys/documents'
import { parseExtendedJsonLine } from '../../data/ndjson/parse-extended-json-line'
import type { DocumentShape } from './columns/document-shapes'
import { decodeId } from './columns/encoded-ids'
import { setField } from './columns/event-columns-builder'
import type { ColumnSource } from './columns/column-source'
import type { LocalDataset } from './local-dataset'
import type { IdIndex } from './id-index'
import { IN_EXTRAS, type MetadataColumn } from './metadata-column'

const utf8 = new TextDecoder()

/** The per-event columns that lay out event documents, by load position (see `EventDocuments`). */
export interface EventLayouts {
  /** The load position of the event at position i. */
  loadIndex: Int32Array
  /** `_id` of the event at load position p: `ids[idOffsets[p] .. idOffsets[p + 1])` (`encodeId`). */
  ids: Uint8Array
  idOffsets: Uint32Array
  /** The shape (in `shapes`) of the event at load position p. */
  shape: Int32Array
  shapes: DocumentShape[]
  /** Fields no column holds, of the event at load position p: none when the offsets are equal. */
  extraOffsets: Uint32Array
}

interface EventFieldColumns {
  eventSession: Int32Array
  eventUser: Int32Array
  eventType: Int32Array
  eventTime: Float64Array
  eventPage: Int32Array
  eventTypes: readonly string[]
  pages: readonly string[]
}

/**
 * An id index that remembers the last id it decoded when it is a string: consecutive events
 * mostly share their session and user. Ids that are objects (ObjectId) are decoded each time, so
 * no two documents share one.
 */
class RepeatedIds {
  private lastIndex = -1
  private lastId: DocumentId | undefined = undefined

  constructor(private readonly index: IdIndex) {}

  id(k: number): DocumentId {
    if (k === this.lastIndex) return this.lastId as DocumentId
    const id = this.index.id(k)
    if (typeof id === 'string') {
      this.lastIndex = k
      this.lastId = id
    }
    return id
  }
}

/**
 * Rebuilds event documents from the columns: the shape gives the keys in their original order,
 * the columns give the values, and the extras (Extended JSON, for fields no column holds) the rest.
 * What comes back equals what the file held, field for field and in the same key order.
 */
export class EventDocuments {
  private loaded: (EventLayouts & { extras: Uint8Array }) | null = null
  private fields: EventFieldColumns | null = null
  private readonly metadataColumns = new Map<string, MetadataColumn | null>()
  private sessionIdCache: RepeatedIds | null = null
  private userIdCache: RepeatedIds | null = null

  constructor(
    private readonly source: ColumnSource,
    private readonly dataset: LocalDataset
  ) {}

  /**
   * The data set's columns a document reads, fetched once (each is a getter with a lookup, which
   * per field of thousands of events was a good part of a busy customer's case file).
   */
  private fieldColumns(): EventFieldColumns {
    const dataset = this.dataset
    this.fields ??= {
      eventSession: dataset.eventSession,
      eventUser: dataset.eventUser,
      eventType: dataset.eventType,
      eventTime: dataset.eventTime,
      eventPage: dataset.eventPage,
      eventTypes: dataset.eventTypes.values,
      pages: dataset.pages.values
    }
    return this.fields
  }

  private metadataColumn(key: string): MetadataColumn | null {
    let column = this.metadataColumns.get(key)
    if (column === undefined) {
      column = this.dataset.metadataColumn(key)
      this.metadataColumns.set(key, column)
    }
    return column
  }

  private get sessionIds(): RepeatedIds {
    this.sessionIdCache ??= new RepeatedIds(this.dataset.sessions)
    return this.sessionIdCache
  }

  private get userIds(): RepeatedIds {
    this.userIdCache ??= new RepeatedIds(this.dataset.users)
    return this.userIdCache
  }

  /** The layout columns (read on first use). */
  layouts(): EventLayouts {
    return this.columns()
  }

  private columns(): NonNullable<EventDocuments['loaded']> {
    this.loaded ??= {
      loadIndex: this.source.int32('events.loadIndex'),
      ids: this.source.bytes('events.ids'),
      idOffsets: this.source.uint32('events.ids.offsets'),
      shape: this.source.int32('events.shape'),
      shapes: this.source.json('events.shapes') as DocumentShape[],
      extras: this.source.bytes('events.extras'),
      extraOffsets: this.source.uint32('events.extras.offsets')
    }
    return this.loaded
  }

  /** The load position of the event at position i. */
  loadIndexOf(i: number): number {
    return this.columns().loadIndex[i] as number
  }

  /** The fields of event i that no column holds (null when there are none). */
  extrasOf(i: number): Record<string, unknown> | null {
    const { extras, extraOffsets } = this.columns()
    const load = this.loadIndexOf(i)
    const start = extraOffsets[load] as number
    const end = extraOffsets[load + 1] as number
    if (start === end) return null
    return parseExtendedJsonLine(utf8.decode(extras.subarray(start, end))) as Record<
      string,
      unknown
    >
  }

  document(i: number): EventDocument {
    const { ids, idOffsets, shape, shapes } = this.columns()
    const fields = this.fieldColumns()
    const load = this.loadIndexOf(i)
    const layout = shapes[shape[load] as number] as DocumentShape
    const extras = this.extrasOf(i)
    const doc: Record<string, unknown> = {}
    for (const key of layout.keys) {
      switch (key) {
        case '_id':
          doc._id = decodeId(ids, idOffsets[load] as number, idOffsets[load + 1] as number)
          break
        case 'sessionId':
          doc.sessionId = this.sessionIds.id(fields.eventSession[i] as number)
          break
        case 'userId':
          doc.userId = this.userIds.id(fields.eventUser[i] as number)
          break
        case 'eventType':
          doc.eventType = fields.eventTypes[fields.eventType[i] as number]
          break
        case 'timestamp':
          doc.timestamp = new Date(fields.eventTime[i] as number)
          break
        case 'metadata':
          doc.metadata = layout.metadata
            ? this.metadata(i, layout.metadata, extras?.metadata as Record<string, unknown>)
            : extras?.metadata
          break
        default:
          setField(doc, key, extras?.[key])
      }
    }
    return doc as unknown as EventDocument
  }

  private metadata(
    i: number,
    keys: readonly string[],
    extras: Record<string, unknown> | undefined
  ): Record<string, unknown> {
    const fields = this.fieldColumns()
    const metadata: Record<string, unknown> = {}
    const load = this.loadIndexOf(i)
    for (const key of keys) {
      let value: unknown
      const page = key === 'pageUrl' ? (fields.eventPage[i] as number) : -1
      if (page >= 0) {
        value = fields.pages[page]
      } else {
        const column = this.metadataColumn(key)
        const entry = column ? column.entryOf(load) : -1
        value = column && entry >= 0 ? column.valueOf(entry) : undefined
        if (value === IN_EXTRAS) value = extras?.[key]
      }
      setField(metadata, key, value)
    }
    return metadata
  }
}

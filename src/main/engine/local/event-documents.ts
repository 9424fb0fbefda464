import type { EventDocument } from '../../../shared/journeys/documents'
import { parseExtendedJsonLine } from '../../data/ndjson/parse-extended-json-line'
import type { DocumentShape } from './columns/document-shapes'
import { decodeId } from './columns/encoded-ids'
import { setField } from './columns/event-columns-builder'
import type { ColumnSource } from './columns/column-source'
import type { LocalDataset } from './local-dataset'
import { IN_EXTRAS } from './metadata-column'

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

/**
 * Rebuilds event documents from the columns: the shape gives the keys in their original order,
 * the columns give the values, and the extras (Extended JSON, for fields no column holds) the rest.
 * What comes back equals what the file held, field for field and in the same key order.
 */
export class EventDocuments {
  private loaded: (EventLayouts & { extras: Uint8Array }) | null = null

  constructor(
    private readonly source: ColumnSource,
    private readonly dataset: LocalDataset
  ) {}

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
    const dataset = this.dataset
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
          doc.sessionId = dataset.sessions.id(dataset.eventSession[i] as number)
          break
        case 'userId':
          doc.userId = dataset.users.id(dataset.eventUser[i] as number)
          break
        case 'eventType':
          doc.eventType = dataset.eventTypes.values[dataset.eventType[i] as number]
          break
        case 'timestamp':
          doc.timestamp = new Date(dataset.eventTime[i] as number)
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
    const dataset = this.dataset
    const metadata: Record<string, unknown> = {}
    const load = this.loadIndexOf(i)
    for (const key of keys) {
      let value: unknown
      const page = key === 'pageUrl' ? (dataset.eventPage[i] as number) : -1
      if (page >= 0) {
        value = dataset.pages.values[page]
      } else {
        const column = dataset.metadataColumn(key)
        const entry = column ? column.entryOf(load) : -1
        value = column && entry >= 0 ? column.valueOf(entry) : undefined
        if (value === IN_EXTRAS) value = extras?.[key]
      }
      setField(metadata, key, value)
    }
    return metadata
  }
}

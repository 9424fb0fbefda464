import type {
  DocumentId,
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../shared/journeys/documents'
import { parseExtendedJsonLine } from '../../data/ndjson/parse-extended-json-line'
import { compileMetadataFilter } from '../reducers/scope-filter'
import type { DatasetOrigin } from './cache/open-folder-dataset'
import type { ColumnSource } from './columns/column-source'
import type { MetadataKeyInfo } from './columns/finalize-columns'
import { EventDocuments, type EventLayouts } from './event-documents'
import { IdIndex } from './id-index'
import type { LocalDataset } from './local-dataset'
import { IN_EXTRAS, MetadataColumn } from './metadata-column'
import { StringPool } from './string-pool'

const utf8 = new TextDecoder()

/**
 * A `LocalDataset` over named sections (see `finalizeColumns`), in memory or in a cache file. Every
 * column is read on first use and kept; documents are decoded one at a time.
 */
export class ColumnarDataset implements LocalDataset {
  private readonly memo = new Map<string, unknown>()
  private readonly events: EventDocuments

  constructor(
    readonly label: string,
    private readonly source: ColumnSource & { close?: () => void },
    readonly notes: readonly string[] = [],
    /** How a folder's data set was opened (from its cache or built); null for documents in memory. */
    readonly origin: DatasetOrigin | null = null
  ) {
    this.events = new EventDocuments(source, this)
  }

  /** Releases the cache file (columns already read stay usable). */
  close(): void {
    this.source.close?.()
  }

  private once<T>(name: string, read: () => T): T {
    if (this.memo.has(name)) return this.memo.get(name) as T
    const value = read()
    this.memo.set(name, value)
    return value
  }

  private int32 = (name: string): Int32Array => this.once(name, () => this.source.int32(name))
  private float64 = (name: string): Float64Array => this.once(name, () => this.source.float64(name))

  get users(): IdIndex {
    return this.once('users', () => this.idIndex('users.ids'))
  }

  get sessions(): IdIndex {
    return this.once('sessions', () => this.idIndex('sessions.ids'))
  }

  get userCount(): number {
    return this.users.size
  }

  get sessionCount(): number {
    return this.sessions.size
  }

  get eventCount(): number {
    return this.eventTime.length
  }

  get userIds(): readonly DocumentId[] {
    return this.users.ids
  }

  get sessionIds(): readonly DocumentId[] {
    return this.sessions.ids
  }

  private idIndex(name: string): IdIndex {
    return new IdIndex(this.source.bytes(name), this.source.uint32(`${name}.offsets`))
  }

  get userDocumentCount(): number {
    return this.once('userDocumentCount', () => {
      const offsets = this.offsets('users.docs')
      let count = 0
      for (let u = 0; u + 1 < offsets.length; u++) if (offsets[u] !== offsets[u + 1]) count++
      return count
    })
  }

  hasUserDocument(u: number): boolean {
    return this.hasDocument('users.docs', u)
  }

  userDocument(u: number): UserDocument | undefined {
    const text = this.documentText('users.docs', u)
    return text === null ? undefined : (parseExtendedJsonLine(text) as UserDocument)
  }

  get userNames(): readonly (string | null)[] {
    return this.once('users.names', () => this.source.json('users.names') as (string | null)[])
  }

  get userEmails(): readonly (string | null)[] {
    return this.once('users.emails', () => this.source.json('users.emails') as (string | null)[])
  }

  hasSessionDocument(s: number): boolean {
    return this.hasDocument('sessions.docs', s)
  }

  sessionDocument(s: number): SessionDocument | undefined {
    const text = this.documentText('sessions.docs', s)
    return text === null ? undefined : (parseExtendedJsonLine(text) as SessionDocument)
  }

  private offsets(name: string): Uint32Array {
    return this.once(`${name}.offsets`, () => this.source.uint32(`${name}.offsets`))
  }

  private hasDocument(name: string, k: number): boolean {
    const offsets = this.offsets(name)
    return offsets[k] !== offsets[k + 1]
  }

  /** Text of document k of a docs section; null for an id without a document. */
  private documentText(name: string, k: number): string | null {
    const offsets = this.offsets(name)
    const start = offsets[k] as number
    const end = offsets[k + 1] as number
    if (start === end) return null
    const bytes = this.once(name, () => this.source.bytes(name))
    return utf8.decode(bytes.subarray(start, end))
  }

  get sessionBrowser(): Int32Array {
    return this.int32('sessions.browser')
  }

  get sessionOs(): Int32Array {
    return this.int32('sessions.os')
  }

  get deviceValues(): readonly string[] {
    return this.once('devices', () => this.source.json('devices') as string[])
  }

  get userSessionStart(): Int32Array {
    return this.int32('userSessionStart')
  }

  get userSessionList(): Int32Array {
    return this.int32('userSessionList')
  }

  eventDocument(i: number): EventDocument {
    return this.events.document(i)
  }

  eventLayouts(): EventLayouts {
    return this.events.layouts()
  }

  get eventTime(): Float64Array {
    return this.float64('eventTime')
  }

  get eventUser(): Int32Array {
    return this.int32('eventUser')
  }

  get eventSession(): Int32Array {
    return this.int32('eventSession')
  }

  get eventType(): Int32Array {
    return this.int32('eventType')
  }

  get eventPage(): Int32Array {
    return this.int32('eventPage')
  }

  get eventTypes(): StringPool {
    return this.once('eventTypes', () => new StringPool(this.source.json('eventTypes') as string[]))
  }

  get pages(): StringPool {
    return this.once('pages', () => new StringPool(this.source.json('pages') as string[]))
  }

  get userEventStart(): Int32Array {
    return this.int32('userEventStart')
  }

  get sessionEventStart(): Int32Array {
    return this.int32('sessionEventStart')
  }

  get sessionEvents(): Int32Array {
    return this.int32('sessionEvents')
  }

  get sessionEventTime(): Float64Array {
    return this.float64('sessionEventTime')
  }

  get sessionEventType(): Int32Array {
    return this.int32('sessionEventType')
  }

  get sessionEventPage(): Int32Array {
    return this.int32('sessionEventPage')
  }

  get sessionsByUser(): Int32Array {
    return this.int32('sessionsByUser')
  }

  private get metadataKeyInfo(): MetadataKeyInfo[] {
    return this.once('metadata.keys', () => this.source.json('metadata.keys') as MetadataKeyInfo[])
  }

  get metadataKeys(): readonly string[] {
    return this.metadataKeyInfo.map((info) => info.key)
  }

  metadataColumn(key: string): MetadataColumn | null {
    return this.once(`metadata:${key}`, () => {
      const k = this.metadataKeyInfo.findIndex((info) => info.key === key)
      if (k < 0) return null
      const info = this.metadataKeyInfo[k] as MetadataKeyInfo
      const source = this.source
      return new MetadataColumn(
        key,
        source.int32(`metadata.${k}.positions`),
        source.int32(`metadata.${k}.tags`),
        info.hasNumbers ? source.float64(`metadata.${k}.numbers`) : null,
        () => source.json(`metadata.${k}.strings`) as string[]
      )
    })
  }

  metadataValue(key: string, i: number): unknown {
    if (this.isOpaqueMetadata(i)) {
      const metadata: Record<string, unknown> | undefined = this.eventDocument(i).metadata
      return metadata?.[key]
    }
    if (key === 'pageUrl') {
      const page = this.eventPage[i] as number
      if (page >= 0) return this.pages.values[page]
    }
    const column = this.metadataColumn(key)
    if (!column) return undefined
    const entry = column.entryOf(this.events.loadIndexOf(i))
    if (entry < 0) return undefined
    const value = column.valueOf(entry)
    if (value !== IN_EXTRAS) return value
    return (this.events.extrasOf(i)?.metadata as Record<string, unknown> | undefined)?.[key]
  }

  metadataMatches(pairs: readonly { key: string; value: string | number | boolean }[]): Uint8Array {
    const n = this.eventCount
    const counts = new Uint8Array(n)
    const rank = this.loadRank
    for (const { key, value } of pairs) {
      if (key === 'pageUrl' && typeof value === 'string') {
        const code = this.pages.codeOf(value)
        const pages = this.eventPage
        if (code >= 0)
          for (let i = 0; i < n; i++) if (pages[i] === code) counts[i] = (counts[i] as number) + 1
        continue
      }
      this.metadataColumn(key)?.forEachEqual(value, (load) => {
        const i = rank[load] as number
        counts[i] = (counts[i] as number) + 1
      })
    }
    const matches = new Uint8Array(n)
    for (let i = 0; i < n; i++) if (counts[i] === pairs.length) matches[i] = 1
    // Metadata that is not a plain object has no columns: test those events on their documents.
    const opaque = this.int32('events.opaqueMetadata')
    if (opaque.length > 0) {
      const filter = compileMetadataFilter({ metadataEquals: [...pairs] })
      for (const load of opaque) {
        const i = rank[load] as number
        matches[i] = !filter || filter(this.eventDocument(i).metadata) ? 1 : 0
      }
    }
    return matches
  }

  /** Position in event order of each load position (the inverse of `events.loadIndex`). */
  private get loadRank(): Int32Array {
    return this.once('loadRank', () => {
      const loadIndex = this.int32('events.loadIndex')
      const rank = new Int32Array(loadIndex.length)
      for (let i = 0; i < loadIndex.length; i++) rank[loadIndex[i] as number] = i
      return rank
    })
  }

  private isOpaqueMetadata(i: number): boolean {
    const opaque = this.int32('events.opaqueMetadata')
    if (opaque.length === 0) return false
    const load = this.events.loadIndexOf(i)
    let low = 0
    let high = opaque.length - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const at = opaque[middle] as number
      if (at === load) return true
      if (at < load) low = middle + 1
      else high = middle - 1
    }
    return false
  }
}

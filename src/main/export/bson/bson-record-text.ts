import type { CsvCellText } from '../csv-cell-text'
import type { UnlistedFields } from '../document-columns'
import { BSON, cStringEnd, int64Number, sameBytes, valueEnd } from './bson-bytes'
import type { ColumnNode, ColumnTrie } from './bson-column-trie'
import { bsonScalarText } from './bson-scalar-text'

type RawDocument = Record<string, unknown>

export interface BsonRecordInput {
  /** Every column of the export, the written ones marked (see `columnTrie`). */
  readonly trie: ColumnTrie
  /** The written columns' path readers, in order: for documents read whole. */
  readonly readers: readonly ((document: RawDocument) => unknown)[]
  /** One document (or a one-element document) as the driver gives it, with its BSON options. */
  readonly deserialize: (bytes: Uint8Array) => RawDocument
  /** Told of every document with a field that has no column. */
  readonly unlisted: UnlistedFields
  readonly cells: CsvCellText
}

/** CSV's record delimiter (RFC 4180, as csv-stringify is told to write it). */
const CRLF = '\r\n'

/**
 * CSV records straight from raw BSON documents (a cursor read with the driver's `raw` option):
 * the cells of the written columns are read key by key from the bytes, and no JS object is built
 * for a document whose keys are all on column paths. The text is byte for byte what the object
 * path writes (the bson package's document, the column readers, `CsvCellText`): values the bytes
 * cannot answer alike (arrays, Decimal128, ...) are deserialised alone, and a document with a
 * field that has no column, a duplicate or `$` key, or a value where a path goes on is read
 * whole, as the object path reads it.
 */
export class BsonRecordText {
  private readonly width: number
  private readonly row: string[]
  private documents = 0

  constructor(private readonly input: BsonRecordInput) {
    this.width = input.readers.length
    this.row = new Array<string>(this.width).fill('')
  }

  /** The records of some documents, each ending with CRLF. */
  records(documents: readonly Uint8Array[]): string {
    let text = ''
    for (const document of documents) text += this.record(document) + CRLF
    return text
  }

  /** One document's record (no delimiter). */
  record(raw: Uint8Array): string {
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.length)
    const { row } = this
    row.fill('')
    this.documents++
    const size = bytes.length >= 5 ? bytes.readInt32LE(0) : -1
    if (
      !this.input.trie.byKeys ||
      size !== bytes.length ||
      bytes[size - 1] !== 0 ||
      !this.readElements(bytes, 4, size - 1, this.input.trie.root)
    ) {
      return this.wholeRecord(raw)
    }
    return this.width === 1 ? (row[0] as string) : row.join(',')
  }

  /**
   * Puts the cells of the elements between `start` and `end` (a document's NUL) under `parent`
   * into the row; false when the document must be read whole.
   */
  private readElements(bytes: Buffer, start: number, end: number, parent: ColumnNode): boolean {
    let at = start
    let position = 0
    while (at < end) {
      const type = bytes[at] as number
      const keyEnd = cStringEnd(bytes, at + 1, end)
      if (keyEnd < 0) return false
      const key = this.childAt(parent, position, bytes, at + 1, keyEnd)
      if (key === null || key.readWhole || key.seenIn === this.documents) return false
      key.seenIn = this.documents
      const valueStart = keyEnd + 1
      const next = valueEnd(bytes, type, valueStart, end)
      if (next < 0 || !this.readValue(bytes, type, at, valueStart, next, key)) return false
      at = next
      position++
    }
    return at === end
  }

  /** One element's value under its key's node; false when the document must be read whole. */
  private readValue(
    bytes: Buffer,
    type: number,
    element: number,
    start: number,
    end: number,
    key: ColumnNode
  ): boolean {
    if (type === BSON.document && end - start > 5) {
      // A non-empty document: its fields are columns of their own (`key.x`), none of them `key`.
      if (key.children.size === 0 || bytes[end - 1] !== 0) return false
      if (key.written >= 0) this.row[key.written] = this.elementText(bytes, element, start, end)
      return this.readElements(bytes, start + 4, end - 1, key)
    }
    // A leaf: its path must be a column, and paths that go on from it find nothing in it.
    if (!key.column) return false
    if (key.children.size > 0 && !isPrimitive(bytes, type, start)) return false
    if (key.written >= 0) {
      this.row[key.written] =
        bsonScalarText(bytes, type, start, end, this.input.cells) ??
        this.elementText(bytes, element, start, end)
    }
    return true
  }

  /** The child of `parent` named by the key bytes, guessed from the last document's shape first. */
  private childAt(
    parent: ColumnNode,
    position: number,
    bytes: Buffer,
    start: number,
    end: number
  ): ColumnNode | null {
    const guess = parent.order[position]
    if (guess !== undefined && sameBytes(guess.name, bytes, start, end)) return guess
    // bson decodes keys without validating them: invalid bytes read as U+FFFD alike.
    const child = parent.children.get(bytes.toString('utf8', start, end))
    if (child === undefined) return null
    parent.order[position] = child
    return child
  }

  /** The cell of one element's value as the bson package gives it (in a one-element document). */
  private elementText(bytes: Buffer, element: number, start: number, end: number): string {
    const size = 4 + 3 + (end - start) + 1
    const single = Buffer.allocUnsafe(size)
    single.writeInt32LE(size, 0)
    single[4] = bytes[element] as number
    single[5] = 0x76 // the key "v"
    single[6] = 0
    bytes.copy(single, 7, start, end)
    single[size - 1] = 0
    return this.input.cells.of(this.input.deserialize(single).v)
  }

  /** A document read whole, as the object path reads it. */
  private wholeRecord(raw: Uint8Array): string {
    const document = this.input.deserialize(raw)
    this.input.unlisted.check(document)
    const cells = this.input.readers.map((read) => read(document))
    return this.input.cells.record(cells)
  }
}

/** Values in which a path that goes on finds nothing, as `compilePathReader` reads them. */
function isPrimitive(bytes: Buffer, type: number, start: number): boolean {
  switch (type) {
    case BSON.int64:
      // Beyond ±2^53 bson gives a Long, an object with fields of its own.
      return int64Number(bytes, start) !== null
    case BSON.string:
    case BSON.int32:
    case BSON.double:
    case BSON.boolean:
    case BSON.null:
    case BSON.undefined:
      return true
    default:
      return false
  }
}

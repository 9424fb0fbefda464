import { Writable } from 'node:stream'
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  deserialize,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  serialize,
  Timestamp,
  UUID
} from 'bson'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arrayRows } from '../../../src/main/engine/row-sources'
import { BSON } from '../../../src/main/export/bson/bson-bytes'
import { columnTrie } from '../../../src/main/export/bson/bson-column-trie'
import { BsonRecordText } from '../../../src/main/export/bson/bson-record-text'
import { ColumnarRows, type CsvRecordBatch } from '../../../src/main/export/csv-batch-text'
import type { CsvWriteOptions } from '../../../src/main/export/csv-stringifier'
import {
  compilePathReader,
  discoverColumns,
  UnlistedFields
} from '../../../src/main/export/document-columns'
import { writeCsv, type WriteCsvInput } from '../../../src/main/export/write-csv'

/*
 * BsonRecordText writes CSV records straight from raw BSON documents (a server export read with
 * the driver's `raw` option). It is held to the object path byte for byte: the same bytes
 * deserialised as the driver does, read by the column paths and written by csv-stringify row by
 * row, must give the same file and the same note about fields without a column, whatever the
 * BSON types, the keys and the text.
 */

/** The driver's default reading of a document (its BSON options and UTF-8 validation). */
const driverDocument = (bytes: Uint8Array): Record<string, unknown> =>
  deserialize(bytes, { validation: { utf8: true } })

class Collect extends Writable {
  readonly chunks: Buffer[] = []
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk)
    callback()
  }
}

async function csvOf(
  headers: string[],
  rows: WriteCsvInput['rows'],
  options: CsvWriteOptions
): Promise<string> {
  const out = new Collect()
  await writeCsv(out, { headers, rows, options, signal: new AbortController().signal })
  return Buffer.concat(out.chunks).toString('latin1')
}

interface Written {
  text: string
  note: string | null
}

/** The object path: each document deserialised, read by its column paths, csv-stringify. */
async function viaObjects(
  documents: readonly Buffer[],
  columns: string[],
  written: string[],
  options: CsvWriteOptions
): Promise<Written> {
  const readers = written.map(compilePathReader)
  const unlisted = new UnlistedFields(columns)
  const rows = documents.map((bytes) => {
    const document = driverDocument(bytes)
    unlisted.check(document)
    return readers.map((read) => read(document))
  })
  return { text: await csvOf(written, arrayRows(rows), options), note: unlisted.note() }
}

/** The byte path, pages of `pageSize`; `wholeReads` counts what went to the bson package. */
async function viaBytes(
  documents: readonly Buffer[],
  columns: string[],
  written: string[],
  options: CsvWriteOptions,
  pageSize = 3
): Promise<Written & { wholeReads: number }> {
  const unlisted = new UnlistedFields(columns)
  let wholeReads = 0
  const input = {
    trie: columnTrie(columns, written),
    readers: written.map(compilePathReader),
    deserialize: (bytes: Uint8Array) => {
      wholeReads++
      return driverDocument(bytes)
    },
    unlisted
  }
  let records: BsonRecordText | null = null
  const batches: CsvRecordBatch[] = []
  for (let start = 0; start < documents.length; start += pageSize) {
    const page = documents.slice(start, start + pageSize)
    batches.push({
      length: page.length,
      records: (cells) => (records ??= new BsonRecordText({ ...input, cells })).records(page)
    })
  }
  const text = await csvOf(written, new ColumnarRows(arrayRows(batches)), options)
  return { text, note: unlisted.note(), wholeReads }
}

/** One element's bytes (type, key, value) as bson serialises `{ [key]: value }`. */
function element(key: string, value: unknown): Buffer {
  const bytes = serialize({ [key]: value })
  return Buffer.from(bytes.subarray(4, bytes.length - 1))
}

/** An element with its type byte changed (types bson does not write: undefined, odd dates). */
function retyped(bytes: Buffer, type: number): Buffer {
  const copy = Buffer.from(bytes)
  copy[0] = type
  return copy
}

/** A document of elements in this order (duplicate keys allowed). */
function rawDocument(...elements: Buffer[]): Buffer {
  const size = 4 + elements.reduce((sum, bytes) => sum + bytes.length, 0) + 1
  const bytes = Buffer.alloc(size)
  bytes.writeInt32LE(size, 0)
  Buffer.concat(elements).copy(bytes, 4)
  return bytes
}

/** Text a CSV writer or a spreadsheet gets wrong easily. */
const HOSTILE_TEXT = [
  'plain',
  '',
  'a,b',
  'say "hi"',
  'two\r\nlines',
  'line\nbreak',
  'cr\ronly',
  '=SUM(A1:A9)',
  '+1',
  '-2',
  '@cmd',
  '\tTab',
  '\rReturn',
  '＝full-width',
  'café 🛒 emoji',
  'עברית RTL',
  'مرحبا',
  '\u200fmark',
  'a long text that is longer than the short ASCII path, with "quotes", and commas'
]

const NOW = Date.UTC(2025, 4, 30, 14, 10, 35, 299)

/** One document per BSON type (and edge values), in every position the columns read. */
function everyTypeDocuments(): Buffer[] {
  const id = new ObjectId('65a1b2c3d4e5f60718293a4b')
  const values: [string, unknown][] = [
    ['double', 1.5],
    ['double', -0],
    ['double', Number.NaN],
    ['double', Number.NEGATIVE_INFINITY],
    ['double', 2.5e-300],
    ['double', new Double(3)],
    ['int32', 42],
    ['int32', -7],
    ['int32', new Int32(2147483647)],
    ['int64', Long.fromNumber(2 ** 53)],
    ['int64', Long.fromNumber(-(2 ** 53))],
    ['int64', Long.fromString('9007199254740993')],
    ['int64', Long.fromString('-9007199254740993')],
    ['int64', Long.fromString('-12')],
    ['decimal', Decimal128.fromString('-12.30')],
    ['decimal', Decimal128.fromString('1E+6144')],
    ['bool', true],
    ['bool', false],
    ['null', null],
    ['date', new Date(NOW)],
    ['date', new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 999))],
    ['date', new Date(Date.UTC(-5, 0, 1))],
    ['date', new Date(8.64e15)],
    ['objectId', id],
    ['binary', new Binary(Buffer.from('bytes'))],
    // Subtype 2 (the old binary), which has a length of its own inside.
    ['binary', new Binary(Buffer.from('ab'), 2)],
    ['uuid', new UUID('0e5d6f8a-1b2c-4d3e-8f90-a1b2c3d4e5f6')],
    ['regex', new BSONRegExp('^a,b', 'i')],
    ['code', new Code('x = 1')],
    ['codeWithScope', new Code('x = y', { y: 2 })],
    ['symbol', new BSONSymbol('-sym')],
    ['timestamp', new Timestamp({ t: 1_700_000_000, i: 3 })],
    ['minKey', new MinKey()],
    ['maxKey', new MaxKey()],
    ['array', [1, 'two, "2"', new Date(NOW), id, { nested: ['x'] }]],
    ['array', []],
    ['emptyDocument', {}],
    ['dbRef', { $ref: 'users', $id: 'u1' }],
    ...HOSTILE_TEXT.map((text): [string, unknown] => ['string', text])
  ]
  const documents = values.map(([name, value], index) =>
    rawDocument(element('_id', index), element(name, value), element('m', { [name]: value }))
  )
  // Types bson does not write: undefined, and dates whose milliseconds are not a JS date.
  documents.push(rawDocument(element('_id', 'u'), retyped(element('undefined', null), 0x06)))
  const beyondDates = retyped(element('date', Long.fromString('9007199254740993')), BSON.date)
  documents.push(rawDocument(element('_id', 'd'), beyondDates))
  return documents
}

const OPTIONS: CsvWriteOptions[] = [
  { bom: false, formulaGuard: true },
  { bom: true, formulaGuard: false }
]

describe('CSV records straight from BSON bytes', () => {
  it('writes every BSON type and hostile text as the object path does', async () => {
    const documents = everyTypeDocuments()
    const columns = discoverColumns(documents.map(driverDocument))
    for (const options of OPTIONS) {
      const expected = await viaObjects(documents, columns, columns, options)
      const actual = await viaBytes(documents, columns, columns, options)
      expect(actual.text).toBe(expected.text)
      expect(actual.note).toBe(expected.note)
    }
    // The values come back through a real CSV parser.
    const { text } = await viaBytes(documents, columns, columns, OPTIONS[1] as CsvWriteOptions)
    const records = parse<Record<string, string>>(Buffer.from(text, 'latin1').toString('utf8'), {
      bom: true,
      columns: true
    })
    const strings = records.filter((record) => record.string !== '').map((record) => record.string)
    expect(strings).toEqual(HOSTILE_TEXT.filter((text) => text !== ''))
    const dated = records.find((record) => record.date !== '')
    expect(dated?.date).toBe('2025-05-30T14:10:35.299Z')
    expect(records.find((record) => record.objectId !== '')?.objectId).toBe(
      '65a1b2c3d4e5f60718293a4b'
    )
  })

  it('reads ordinary documents from their bytes alone, the formula guard on', async () => {
    const documents = HOSTILE_TEXT.map((text, index) =>
      rawDocument(
        element('_id', new ObjectId()),
        element('eventType', text),
        element('timestamp', new Date(NOW + index * 1000)),
        element('metadata', { pageUrl: `/p?q=${text}`, duration: index, amount: index * 1.25 }),
        element('flag', index % 2 === 0),
        element('none', null)
      )
    )
    const columns = discoverColumns(documents.map(driverDocument))
    const options = OPTIONS[0] as CsvWriteOptions
    const expected = await viaObjects(documents, columns, columns, options)
    const actual = await viaBytes(documents, columns, columns, options)
    expect(actual.text).toBe(expected.text)
    expect(actual.text).toContain(`,'=SUM(A1:A9),`)
    expect(actual.text).toContain(`,"two\r\nlines",`)
    expect(actual.wholeReads).toBe(0)
  })

  it('reads whole the documents whose keys a path cannot follow one to one', async () => {
    const plain = rawDocument(element('a', 1), element('m', { x: 'y' }))
    const cases: [string, Buffer][] = [
      ['a field without a column', rawDocument(element('a', 1), element('late', 'x'))],
      ['a nested field without a column', rawDocument(element('a', 1), element('m', { z: 1 }))],
      ['a duplicate key (the last wins)', rawDocument(element('a', 1), element('a', 2))],
      [
        'a duplicate document key',
        rawDocument(element('m', { x: 'first' }), element('m', { y: 'second' }))
      ],
      ['a DBRef', rawDocument(element('m', { $ref: 'users', $id: 1 }))],
      ['a dotted key', rawDocument(element('m.x', 'dotted'), element('a', 3))],
      ['an array where a path goes on', rawDocument(element('m', ['x']))],
      ['a date where a path goes on', rawDocument(element('m', new Date(NOW)))],
      [
        'a Long where a path goes on',
        rawDocument(element('m', Long.fromString('2').shiftLeft(60)))
      ],
      ['an empty document where a path goes on', rawDocument(element('m', {}))]
    ]
    const columns = ['a', 'm', 'm.x', 'm.y', 'm.0', 'm.high']
    for (const [label, document] of cases) {
      const documents = [plain, document, plain]
      for (const options of OPTIONS) {
        const expected = await viaObjects(documents, columns, columns, options)
        const actual = await viaBytes(documents, columns, columns, options)
        expect(actual.text, label).toBe(expected.text)
        expect(actual.note, label).toBe(expected.note)
      }
    }
    // Plain documents are read from their bytes alone.
    const plainColumns = ['a', 'm.x', 'm.y']
    const { wholeReads } = await viaBytes(
      [plain, plain],
      plainColumns,
      plainColumns,
      OPTIONS[0] as never
    )
    expect(wholeReads).toBe(0)
  })

  it('reads every document whole when a path has a step all objects inherit', async () => {
    const documents = [rawDocument(element('a', 1)), rawDocument(element('toString', 'c'))]
    const columns = ['a', 'valueOf.x']
    const expected = await viaObjects(documents, columns, columns, OPTIONS[0] as never)
    const actual = await viaBytes(documents, columns, columns, OPTIONS[0] as never)
    expect(actual.text).toBe(expected.text)
    expect(actual.wholeReads).toBe(2)
    // A document without the key has an empty cell there, not the member Object inherits.
    const lacking = [rawDocument(element('a', 1))]
    const columnsLacking = ['a', 'constructor']
    const read = await viaObjects(lacking, columnsLacking, columnsLacking, OPTIONS[0] as never)
    expect(read.text).toMatch(/^1,\r?\n$/m)
    const bytes = await viaBytes(lacking, columnsLacking, columnsLacking, OPTIONS[0] as never)
    expect(bytes.text).toBe(read.text)
  })

  it('fails as the driver does on text that is not UTF-8', async () => {
    const good = element('s', 'ok')
    const bad = Buffer.from(good)
    bad[bad.length - 2] = 0xff
    const documents = [rawDocument(bad)]
    await expect(viaObjects(documents, ['s'], ['s'], OPTIONS[0] as never)).rejects.toThrow(/UTF-8/i)
    await expect(viaBytes(documents, ['s'], ['s'], OPTIONS[0] as never)).rejects.toThrow(/UTF-8/i)
  })

  it('fails as the driver does on malformed documents', async () => {
    const text = element('s', 'text')
    const tooLong = Buffer.from(text)
    tooLong.writeInt32LE(1000, 3) // the string's length passes the document's end
    const badBoolean = retyped(element('b', 7), BSON.boolean)
    const badType = retyped(element('x', 1), 0x42)
    for (const malformed of [tooLong, badBoolean, badType]) {
      const documents = [rawDocument(malformed)]
      const columns = ['s', 'b', 'x']
      const expected = await viaObjects(documents, columns, columns, OPTIONS[0] as never).catch(
        (error: unknown) => error
      )
      const actual = await viaBytes(documents, columns, columns, OPTIONS[0] as never).catch(
        (error: unknown) => error
      )
      expect(expected).toBeInstanceOf(Error)
      expect((actual as Error).message).toBe((expected as Error).message)
    }
  })

  it('writes the bytes of the object path for any documents and chosen columns', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(documentArbitrary, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.func(fc.boolean()),
        async (values, sampled, pageSize, formulaGuard, choose) => {
          const documents = values.map((value) => Buffer.from(serialize(value)))
          // As an export: the columns from the first documents, some of them written.
          const columns = discoverColumns(documents.slice(0, sampled).map(driverDocument))
          const written = columns.filter((column) => choose(column)).reverse()
          if (written.length === 0) return
          const options = { bom: false, formulaGuard }
          const expected = await viaObjects(documents, columns, written, options)
          const actual = await viaBytes(documents, columns, written, options, pageSize)
          expect(actual.text).toBe(expected.text)
          expect(actual.note).toBe(expected.note)
        }
      ),
      { numRuns: 300 }
    )
  })
})

const awkwardText = fc.string({
  unit: fc.constantFrom(
    'a',
    ',',
    '"',
    '\r',
    '\n',
    '=',
    '-',
    '+',
    '@',
    '\t',
    'é',
    'ע',
    '🛒',
    '\ud800'
  ),
  maxLength: 6
})

const leafArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: awkwardText },
  { weight: 2, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer() },
  {
    weight: 1,
    arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n))
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.date({ noInvalidDate: true }) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b))
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      Decimal128.fromString('-0.50'),
      new Binary(Buffer.from([1, 2, 3])),
      new BSONRegExp('x', 'm'),
      new Timestamp({ t: 1, i: 2 }),
      new MinKey(),
      new BSONSymbol('=sym'),
      new Code('f()')
    )
  },
  { weight: 1, arbitrary: fc.array(awkwardText, { maxLength: 3 }) }
)

/** Keys that share columns often, and keys that break the one-to-one path reading. */
const keyArbitrary = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'm', '_id', 'é', '🛒') },
  { weight: 1, arbitrary: fc.constantFrom('$ref', '$id', 'a.b', '', '1', '__proto__', 'x y') }
)

const { document: documentArbitrary } = fc.letrec<{ document: Record<string, unknown> }>((tie) => ({
  document: fc.dictionary(
    keyArbitrary,
    fc.oneof({ weight: 4, arbitrary: leafArbitrary }, { weight: 1, arbitrary: tie('document') }),
    { maxKeys: 4, depthIdentifier: 'document' }
  )
}))

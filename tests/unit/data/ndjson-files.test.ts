import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { readCollectionFile, readNdjsonFile } from '../../../src/main/data/ndjson/ndjson-reader'
import { openNdjsonWriter, writeNdjsonFile } from '../../../src/main/data/ndjson/ndjson-writer'
import { useTempFolders } from './temp-folder'

const makeTempFolder = useTempFolders()

async function readAll(path: string): Promise<{ document: unknown; line: number }[]> {
  const records: { document: unknown; line: number }[] = []
  for await (const { document, line } of readNdjsonFile(path)) records.push({ document, line })
  return records
}

async function readAllOf<T>(records: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const record of records) all.push(record)
  return all
}

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected a failure')
}

const sample = [
  {
    _id: new ObjectId('65f0c0ffee0123456789abcd'),
    sessionId: 's1',
    userId: new ObjectId('65f0c0ffee0123456789abce'),
    eventType: 'PURCHASE',
    timestamp: new Date('2025-09-13T12:05:00.250Z'),
    metadata: { orderId: 'ORD-1', amount: 12.5, currency: 'EUR', items: 2, note: 'é "quoted"' }
  },
  { _id: 'e2', sessionId: 's1', userId: 'u1', eventType: 'PAGE_VIEW', timestamp: new Date(0) }
]

describe('NDJSON writer and reader', () => {
  it('round-trips ObjectIds, Dates and numbers, one Extended JSON document per line', async () => {
    const path = join(await makeTempFolder(), 'events.ndjson')
    const result = await writeNdjsonFile(path, sample)
    expect(result.docsWritten).toBe(2)
    const text = await readFile(path, 'utf8')
    expect(text.split('\n')).toHaveLength(3)
    expect(text).toContain('{"$oid":"65f0c0ffee0123456789abcd"}')
    expect(text).toContain('{"$date":"2025-09-13T12:05:00.250Z"}')
    const back = await readAll(path)
    expect(back.map((record) => record.line)).toEqual([1, 2])
    expect(back.map((record) => record.document)).toEqual(sample)
    const first = back[0]?.document as (typeof sample)[0]
    expect(first._id).toBeInstanceOf(ObjectId)
    expect(first.timestamp).toBeInstanceOf(Date)
    expect(typeof first.metadata?.amount).toBe('number')
  })

  it('gzips .gz files and reads them back transparently', async () => {
    const path = join(await makeTempFolder(), 'events.ndjson.gz')
    await writeNdjsonFile(path, sample)
    const raw = await readFile(path)
    expect(raw[0]).toBe(0x1f)
    expect(raw[1]).toBe(0x8b)
    expect(gunzipSync(raw).toString('utf8').split('\n')[1]).toContain('"_id":"e2"')
    expect((await readAll(path)).map((record) => record.document)).toEqual(sample)
  })

  it('reads mongoexport files: CRLF, blank lines, canonical numbers and $numberLong dates', async () => {
    const path = join(await makeTempFolder(), 'users.ndjson')
    const lines = [
      '{"_id":{"$oid":"65f0c0ffee0123456789abcd"},"n":{"$numberInt":"5"},"at":{"$date":{"$numberLong":"1000"}}}',
      '',
      '{"_id":"u2","score":1.5}'
    ]
    await writeFile(path, `\ufeff${lines.join('\r\n')}\r\n`)
    const back = await readAll(path)
    expect(back.map((record) => record.line)).toEqual([1, 3])
    expect(back[0]?.document).toEqual({
      _id: new ObjectId('65f0c0ffee0123456789abcd'),
      n: 5,
      at: new Date(1000)
    })
  })

  it('names the file and line of a malformed line', async () => {
    const path = join(await makeTempFolder(), 'events.ndjson')
    await writeFile(path, '{"_id":"a"}\n{"_id":"b"}\n\n{"_id": "c",\n{"_id":"d"}\n')
    const error = await failureOf(readAll(path))
    expect(error.code).toBe('DATA_INVALID')
    expect(error.message).toContain(path)
    expect(error.message).toContain('line 4')
    expect(error.details).toMatchObject({ file: path, line: 4 })
  })

  it('says what is wrong with a line, and where, without ever quoting it', async () => {
    const secret = 'alice.secret@example.com'
    const cases: [string, string][] = [
      [
        `{"_id": "${secret}", "userId": `,
        'the line ends before its JSON does (cut off, or a value split over two lines?)'
      ],
      [`{"_id": "${secret}" "userId": "u1"}`, 'expected , or } after a value at column 36'],
      [secret, 'unexpected character at column 1'],
      [
        `{"_id": "${secret}"} trailing`,
        'something follows the document on the same line at column 37'
      ],
      [`{"_id": "${secret}`, 'a string is not closed at column 34'],
      [`{_id: "${secret}"}`, 'expected a property name in double quotes at column 2'],
      [
        `{"_id": "${secret}\u0001"}`.replace('\\u0001', '\u0001'),
        'a string holds a raw control character (write it as \\n, \\t or \\u00XX) at column 34'
      ],
      [`{"_id": {"$numberLong": "${secret}"}}`, 'a $numberLong value is not valid Extended JSON']
    ]
    for (const [line, reason] of cases) {
      const path = join(await makeTempFolder(), 'users.ndjson')
      await writeFile(path, `{"_id":"u0"}\n${line}\n`)
      const error = await failureOf(readAll(path))
      expect(error.code).toBe('DATA_INVALID')
      expect(error.message).toBe(`${path}, line 2: not valid Extended JSON: ${reason}.`)
      expect(JSON.stringify(error.toEnvelope())).not.toContain('alice')
    }
  })

  it('describes a wrong field by its type, never by its value', async () => {
    const path = join(await makeTempFolder(), 'users.ndjson')
    await writeFile(path, '{"_id":"u1","name":42,"email":"bob.private@example.com"}\n')
    const wrongName = await failureOf(readAllOf(readCollectionFile(path, 'users')))
    expect(wrongName.message).toBe(`${path}, line 1: "name" must be a string, got a number.`)
    await writeFile(path, '{"_id":"u1","createdAt":"bob.private@example.com"}\n')
    const stringDate = await failureOf(readAllOf(readCollectionFile(path, 'users')))
    expect(stringDate.message).toBe(
      `${path}, line 1: "createdAt" must be a date written as {"$date": "2025-01-31T12:00:00Z"}, got a plain string.`
    )
    await writeFile(path, '{"_id":{"private":"bob"}}\n')
    const objectId = await failureOf(readAllOf(readCollectionFile(path, 'users')))
    expect(objectId.message).toContain('got an object')
    for (const error of [wrongName, stringDate, objectId]) {
      expect(JSON.stringify(error.toEnvelope())).not.toMatch(/bob/)
    }
  })

  it('names the line of a document without the shape its collection needs', async () => {
    const path = join(await makeTempFolder(), 'events.ndjson.gz')
    const good =
      '{"_id":"e1","sessionId":"s1","userId":"u1","eventType":"X","timestamp":{"$date":"2025-01-01T00:00:00Z"}}'
    const stringDate = good.replace('{"$date":"2025-01-01T00:00:00Z"}', '"2025-01-01T00:00:00Z"')
    await writeFile(path, gzipSync(`${good}\n${good}\n${stringDate}\n`))
    const read = async (): Promise<void> => {
      for await (const record of readCollectionFile(path, 'events'))
        expect(record.line).toBeLessThan(3)
    }
    const error = await failureOf(read())
    expect(error.code).toBe('DATA_INVALID')
    expect(error.message).toMatch(/line 3: "timestamp" must be a date written as \{"\$date"/)

    const noUser = join(await makeTempFolder(), 'sessions.ndjson')
    await writeFile(noUser, '{"_id":"s1","startTime":{"$date":"2025-01-01T00:00:00Z"}}\n')
    const missing = await failureOf(readAllOf(readCollectionFile(noUser, 'sessions')))
    expect(missing.message).toContain('line 1: missing required field "userId"')
  })

  it('reports a missing file and a broken gzip clearly', async () => {
    const folder = await makeTempFolder()
    expect((await failureOf(readAll(join(folder, 'nope.ndjson')))).code).toBe('NOT_FOUND')
    const broken = join(folder, 'users.ndjson.gz')
    await writeFile(broken, 'not gzip at all')
    const error = await failureOf(readAll(broken))
    expect(error.code).toBe('DATA_INVALID')
    expect(error.message).toContain('gzip')
  })

  it('leaves neither the file nor a .partial behind when aborted', async () => {
    const folder = await makeTempFolder()
    for (const name of ['events.ndjson', 'events.ndjson.gz']) {
      const controller = new AbortController()
      const path = join(folder, name)
      const documents = function* (): Generator {
        for (let i = 0; i < 200_000; i++) {
          if (i === 50_000) controller.abort()
          yield { _id: `e${i}`, padding: 'x'.repeat(40) }
        }
      }
      const error = await failureOf(
        writeNdjsonFile(path, documents(), { signal: controller.signal })
      )
      expect(error.code).toBe('CANCELLED')
    }
    expect(await readdir(folder)).toEqual([])
  })

  it('removes the .partial file when the writer is aborted by hand', async () => {
    const folder = await makeTempFolder()
    const writer = openNdjsonWriter(join(folder, 'users.ndjson'))
    await writer.write({ _id: 'u1' })
    await writer.abort()
    await writer.abort()
    expect(await readdir(folder)).toEqual([])
  })

  it('keeps the previous file until the new one is complete', async () => {
    const folder = await makeTempFolder()
    const path = join(folder, 'users.ndjson')
    await writeNdjsonFile(path, [{ _id: 'old' }])
    const writer = openNdjsonWriter(path)
    await writer.write({ _id: 'new' })
    expect(await readFile(path, 'utf8')).toBe('{"_id":"old"}\n')
    await writer.close()
    expect(await readFile(path, 'utf8')).toBe('{"_id":"new"}\n')
    expect(await readdir(folder)).toEqual(['users.ndjson'])
  })
})

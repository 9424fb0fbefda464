import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { Decimal128, Long, ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { CsvWriteError, writeCsv, type WriteCsvInput } from '../../../src/main/export/write-csv'
import { partialPathOf, writeCsvFile } from '../../../src/main/export/write-csv-file'
import { arrayRows } from '../../../src/main/engine/row-sources'
import { useTempFolders } from '../data/temp-folder'
import { parseCsv } from '../../helpers/parse-csv'

const tempFolder = useTempFolders()

/** Everything written to it, as one buffer. */
class Collect extends Writable {
  readonly chunks: Buffer[] = []
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk)
    callback()
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks)
  }
}

function fromArray(rows: readonly unknown[][]): AsyncIterable<unknown[]> {
  return arrayRows(rows)
}

function input(rows: AsyncIterable<readonly unknown[]>, overrides: Partial<WriteCsvInput> = {}) {
  return {
    headers: ['a', 'b'],
    rows,
    options: { bom: false, formulaGuard: true },
    signal: new AbortController().signal,
    ...overrides
  } satisfies WriteCsvInput
}

async function csvOf(rows: unknown[][], overrides: Partial<WriteCsvInput> = {}): Promise<Buffer> {
  const out = new Collect()
  await writeCsv(out, input(fromArray(rows), overrides))
  return out.buffer
}

describe('writeCsv', () => {
  it('writes RFC 4180: CRLF records, quotes only where needed, doubled quotes', async () => {
    const text = (
      await csvOf([
        ['plain', 'with, comma'],
        ['say "hi"', 'two\nlines']
      ])
    ).toString()
    expect(text).toBe('a,b\r\nplain,"with, comma"\r\n"say ""hi""","two\nlines"\r\n')
  })

  it('gives every value back through csv-parse: commas, quotes, newlines, emoji, RTL', async () => {
    const tricky = [
      'a,b,c',
      '"quoted"',
      'line\r\nbreak',
      'lone\rcarriage',
      'emoji 🛒👩🏽‍💻',
      'עברית ومرحبا',
      '  spaced  ',
      ''
    ]
    const rows = tricky.map((value, i) => [String(i), value])
    const text = (await csvOf(rows)).toString('utf8')
    const parsed = parseCsv(text)
    expect(parsed).toEqual([['a', 'b'], ...rows])
  })

  it('neutralises formula-looking text (OWASP) but never typed numbers', async () => {
    const values = ['=SUM(A1)', '+1', '-2+3', '@cmd', '\tlead', '\rlead', 'safe', '＝WIDE']
    const rows = values.map((value) => [value, -12.5])
    const parsed = parseCsv((await csvOf(rows)).toString())
    expect(parsed.slice(1).map((row) => row[0])).toEqual([
      "'=SUM(A1)",
      "'+1",
      "'-2+3",
      "'@cmd",
      "'\tlead",
      "'\rlead",
      'safe',
      "'＝WIDE"
    ])
    expect(parsed.slice(1).every((row) => row[1] === '-12.5')).toBe(true)
  })

  it('writes formula-looking text unchanged when the guard is off', async () => {
    const text = (
      await csvOf([['=1+1', '@x']], { options: { bom: false, formulaGuard: false } })
    ).toString()
    expect(text).toBe('a,b\r\n=1+1,@x\r\n')
  })

  it('guards the header too', async () => {
    const text = (await csvOf([], { headers: ['=cmd', 'ok'] })).toString()
    expect(text).toBe("'=cmd,ok\r\n")
  })

  it('starts with a UTF-8 BOM only when asked', async () => {
    const withBom = await csvOf([['x', 'y']], { options: { bom: true, formulaGuard: true } })
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const without = await csvOf([['x', 'y']])
    expect(without.subarray(0, 3).toString()).toBe('a,b')
  })

  it('writes dates as ISO 8601 UTC, ids as hex, BSON numbers as text, arrays and objects as JSON', async () => {
    const id = new ObjectId('64b7f0c2a1b2c3d4e5f60718')
    const rows = [
      [new Date('2025-09-01T12:34:56.789Z'), id],
      [Decimal128.fromString('12.30'), Long.fromString('9007199254740993')],
      [['a', 1, new Date(0)], { n: 1, when: new Date(0), id }],
      [null, undefined],
      [true, false],
      [new Date(Number.NaN), 0]
    ]
    const parsed = parseCsv((await csvOf(rows)).toString())
    expect(parsed.slice(1)).toEqual([
      ['2025-09-01T12:34:56.789Z', '64b7f0c2a1b2c3d4e5f60718'],
      ['12.30', '9007199254740993'],
      [
        '["a",1,"1970-01-01T00:00:00.000Z"]',
        '{"n":1,"when":"1970-01-01T00:00:00.000Z","id":"64b7f0c2a1b2c3d4e5f60718"}'
      ],
      ['', ''],
      ['true', 'false'],
      ['', '0']
    ])
  })

  it('counts rows and bytes, and reports progress at the end', async () => {
    const out = new Collect()
    const progress: number[] = []
    const written = await writeCsv(
      out,
      input(
        fromArray([
          ['é', '1'],
          ['x', '2']
        ]),
        { onProgress: (n) => progress.push(n) }
      )
    )
    expect(written).toEqual({ rowsWritten: 2, bytesWritten: out.buffer.length })
    expect(progress.at(-1)).toBe(2)
  })

  it('pulls rows only as fast as the output drains (backpressure)', async () => {
    let produced = 0
    async function* endless(): AsyncGenerator<unknown[]> {
      for (;;) {
        produced++
        yield await Promise.resolve([produced, 'x'.repeat(100)])
      }
    }
    let release: () => void = () => undefined
    const stuck = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, callback) {
        release = callback
      }
    })
    const controller = new AbortController()
    const writing = writeCsv(stuck, input(endless(), { signal: controller.signal }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const held = produced
    await new Promise((resolve) => setTimeout(resolve, 100))
    // Nothing drains, so the source stops once the streams' buffers are full (a few hundred
    // rows of about 100 bytes: 64 rows, then 16 KB buffers), however many rows it could give.
    expect(produced).toBe(held)
    expect(held).toBeLessThan(1000)
    controller.abort()
    release()
    await expect(writing).rejects.toBeInstanceOf(CsvWriteError)
  })

  it('on abort closes the row source (its finally runs) before rejecting with the count', async () => {
    let closed = false
    async function* rows(): AsyncGenerator<unknown[]> {
      try {
        for (let i = 0; ; i++) {
          yield [i, i]
          if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve))
        }
      } finally {
        closed = true
      }
    }
    const controller = new AbortController()
    const out = new Collect()
    const writing = writeCsv(
      out,
      input(rows(), {
        signal: controller.signal,
        onProgress: (n) => {
          if (n > 0) controller.abort()
        }
      })
    )
    const error = await writing.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CsvWriteError)
    expect((error as CsvWriteError).aborted).toBe(true)
    expect((error as CsvWriteError).rowsWritten).toBeGreaterThan(0)
    expect(closed).toBe(true)
  })
})

describe('writeCsvFile', () => {
  it('writes NAME.csv.partial and renames it when complete', async () => {
    const dir = await tempFolder()
    const path = join(dir, 'out.csv')
    let sawPartial = false
    async function* rows(): AsyncGenerator<unknown[]> {
      yield [1, 2]
      sawPartial = (await readdir(dir)).includes('out.csv.partial')
      yield [3, 4]
    }
    const written = await writeCsvFile(path, input(rows()))
    expect(written.rowsWritten).toBe(2)
    expect(sawPartial).toBe(true)
    expect(await readdir(dir)).toEqual(['out.csv'])
    expect(await readFile(path, 'utf8')).toBe('a,b\r\n1,2\r\n3,4\r\n')
  })

  it('removes the partial file and keeps an older file when the rows fail', async () => {
    const dir = await tempFolder()
    const path = join(dir, 'out.csv')
    await writeCsvFile(path, input(fromArray([['old', 'file']])))
    async function* failing(): AsyncGenerator<unknown[]> {
      yield await Promise.resolve([1, 2])
      throw new Error('server went away')
    }
    const error = await writeCsvFile(path, input(failing())).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CsvWriteError)
    expect((error as CsvWriteError).message).toBe('server went away')
    expect(await readdir(dir)).toEqual(['out.csv'])
    expect(await readFile(path, 'utf8')).toBe('a,b\r\nold,file\r\n')
    expect(partialPathOf(path)).toBe(`${path}.partial`)
  })

  it('fails with the file system error when the folder does not exist', async () => {
    const dir = await tempFolder()
    const error = await writeCsvFile(join(dir, 'missing', 'out.csv'), input(fromArray([[1, 2]])))
      .then(() => null)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CsvWriteError)
    expect(((error as CsvWriteError).reason as { code?: string }).code).toBe('ENOENT')
  })
})

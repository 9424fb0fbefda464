import { Binary, Decimal128, EJSON, Long, ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { generateDemoData } from '../../../src/main/data/demo/generate-demo-data'
import { parseExtendedJsonLine } from '../../../src/main/data/ndjson/parse-extended-json-line'

const ejsonParse = (text: string): unknown => EJSON.parse(text, { relaxed: true })

describe('parseExtendedJsonLine', () => {
  it('reads generated documents exactly as EJSON.parse (relaxed) does', () => {
    for (const idKind of ['string', 'objectId'] as const) {
      for (const bundle of generateDemoData({ seed: 4, users: 30, idKind })) {
        for (const doc of [bundle.user, ...bundle.sessions, ...bundle.events]) {
          for (const relaxed of [true, false]) {
            const text = EJSON.stringify(doc, { relaxed })
            expect(parseExtendedJsonLine(text)).toEqual(ejsonParse(text))
          }
        }
      }
    }
  })

  it('matches EJSON.parse on awkward lines', () => {
    const lines = [
      '{"a":{"$date":{"$numberLong":"1700000000000"}},"b":{"$date":"not a date"}}',
      '{"n":{"$numberInt":"5"},"l":{"$numberLong":"9007199254740993"},"d":{"$numberDouble":"-0.0"}}',
      '{"x":{"$numberDecimal":"9.99"},"y":{"$binary":{"base64":"AQI=","subType":"00"}}}',
      '{"ref":{"$ref":"users","$id":"u1"},"weird":{"$weird":1},"list":[{"$oid":"0123456789abcdef01234567"}]}',
      '{"__proto__":{"polluted":true},"deep":{"__proto__":{"$oid":"0123456789abcdef01234567"}}}',
      '[1,"two",null,{"$date":"2025-01-01T00:00:00Z"}]',
      '"just a string"',
      '{"date":{"$date":"2025-01-01T00:00:00.123+02:00"}}'
    ]
    for (const line of lines) expect(parseExtendedJsonLine(line)).toEqual(ejsonParse(line))
    const parsed = parseExtendedJsonLine(lines[4] as string) as Record<string, unknown>
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('gives the BSON types, not their wrappers', () => {
    const doc = parseExtendedJsonLine(
      EJSON.stringify({
        id: new ObjectId(),
        at: new Date(5),
        big: Long.fromString('9007199254740993'),
        price: Decimal128.fromString('1.10'),
        blob: new Binary(Buffer.from([1, 2]))
      })
    ) as Record<string, unknown>
    expect(doc.id).toBeInstanceOf(ObjectId)
    expect(doc.at).toBeInstanceOf(Date)
    expect(doc.price).toBeInstanceOf(Decimal128)
    expect(doc.blob).toBeInstanceOf(Binary)
  })

  it('throws on text that is not JSON', () => {
    expect(() => parseExtendedJsonLine('{"a":')).toThrow()
    expect(() => parseExtendedJsonLine('{"a":{"$oid":"nothex"}}')).toThrow()
  })
})

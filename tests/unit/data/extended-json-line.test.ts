import { Decimal128, EJSON, Long, ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { toExtendedJsonLine } from '../../../src/main/data/ndjson/extended-json-line'
import { generateDemoData } from '../../../src/main/data/demo/generate-demo-data'

const ejson = (value: unknown): string => EJSON.stringify(value, { relaxed: true })

describe('toExtendedJsonLine', () => {
  it('writes generated documents exactly as EJSON.stringify (relaxed) does', () => {
    for (const idKind of ['string', 'objectId'] as const) {
      for (const bundle of generateDemoData({ seed: 3, users: 40, idKind })) {
        for (const doc of [bundle.user, ...bundle.sessions, ...bundle.events]) {
          expect(toExtendedJsonLine(doc)).toBe(ejson(doc))
        }
      }
    }
  })

  it('matches EJSON on awkward values too', () => {
    const values: unknown[] = [
      { at: new Date(0), before: new Date(-1), far: new Date(253402300800000) },
      { whole: new Date('2025-01-01T00:00:00.000Z'), ms: new Date('2025-01-01T00:00:00.120Z') },
      { n: -0, big: 1e21, small: 1.5e-7, inf: Infinity, nan: NaN },
      { s: 'quote " backslash \\ newline \n tab \t é \u2028 \ud800', 'key "q"': 1 },
      {
        nested: {
          list: [1, 'a', null, undefined, { deep: new ObjectId('0123456789abcdef01234567') }]
        }
      },
      { missing: undefined, kept: 1 },
      { long: Long.fromNumber(5), dec: Decimal128.fromString('9.99') },
      { $weird: 1 },
      [],
      {}
    ]
    for (const value of values) expect(toExtendedJsonLine(value)).toBe(ejson(value))
  })
})

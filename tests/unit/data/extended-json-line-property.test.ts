import {
  Binary,
  BSONRegExp,
  Decimal128,
  Double,
  EJSON,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp
} from 'bson'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toExtendedJsonLine } from '../../../src/main/data/ndjson/extended-json-line'

/*
 * Byte identity of the extract's line writer with EJSON.stringify (relaxed), over random documents:
 * every BSON type the generator and FerretDB store, strings with quotes, control characters, lone
 * surrogates and line separators, `$`-keys, and nested objects and arrays.
 */

/** What EJSON does with a value: its text, or that it throws. */
function ejsonOutcome(value: unknown): string {
  try {
    return EJSON.stringify(value, { relaxed: true })
  } catch (error) {
    return `throws ${String(error)}`
  }
}

function lineOutcome(value: unknown): string {
  try {
    return toExtendedJsonLine(value)
  } catch (error) {
    return `throws ${String(error)}`
  }
}

const hostileString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    '',
    '"',
    '\\',
    '\n\r\t\b\f',
    '\u0000\u001f',
    '\u2028\u2029',
    '\ud800',
    '\udfff',
    '$'
  )
)

const date = fc
  .oneof(
    // Around the edges relaxed EJSON switches on (1970 and year 10000), and anywhere else.
    fc.integer({ min: -10_000, max: 10_000 }),
    fc.integer({ min: 253402300800000 - 10_000, max: 253402300800000 + 10_000 }),
    fc.integer({ min: -8.64e15, max: 8.64e15 })
  )
  .map((time) => new Date(time))

const scalar = fc.oneof(
  hostileString,
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1.5e-7, 2 ** 53, -(2 ** 31)),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  date,
  fc.constant(new Date(Number.NaN)),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((bytes) => new ObjectId(bytes)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((n) => new Int32(n)),
  fc.double().map((n) => new Double(n)),
  fc.integer().map((n) => Decimal128.fromString(`${n}.${Math.abs(n % 100)}`)),
  fc.uint8Array({ maxLength: 20 }).map((bytes) => new Binary(bytes)),
  fc.constantFrom(new BSONRegExp('^a.*', 'i'), new MinKey(), new MaxKey()),
  fc.nat().map((n) => new Timestamp({ t: n, i: 1 }))
)

const key = fc.oneof(
  hostileString,
  fc.constantFrom('_id', 'timestamp', 'metadata', '$date', '$oid', '$numberLong', '$weird', 'a.b')
)

const { document } = fc.letrec<{ value: unknown; document: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    tie('document'),
    fc.array(tie('value'), { maxLength: 5 })
  ),
  document: fc.dictionary(key, tie('value'), { maxKeys: 6, noNullPrototype: true })
}))

/** A document shaped like an event, with random values in its usual places. */
const eventLike = fc.record({
  _id: fc.oneof(
    hostileString,
    fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b))
  ),
  sessionId: hostileString,
  userId: hostileString,
  eventType: hostileString,
  timestamp: date,
  metadata: fc.dictionary(key, scalar, { maxKeys: 5, noNullPrototype: true })
})

describe('toExtendedJsonLine, property', () => {
  it('writes any document byte for byte as EJSON.stringify (relaxed) does', () => {
    fc.assert(
      fc.property(fc.oneof(document, eventLike, fc.array(document, { maxLength: 3 })), (value) => {
        expect(lineOutcome(value)).toBe(ejsonOutcome(value))
      }),
      { numRuns: 3000 }
    )
  })
})

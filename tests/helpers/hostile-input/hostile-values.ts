import {
  Binary,
  BSONRegExp,
  Code,
  Decimal128,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp
} from 'bson'
import fc from 'fast-check'

/** Operator names an attacker would try; none of them may ever reach a server. */
export const FORBIDDEN_OPERATORS = ['$where', '$function', '$accumulator'] as const

/** An object whose own key is `__proto__`, as JSON.parse makes it (a literal would set the prototype). */
function protoKeyed(value: unknown): Record<string, unknown> {
  return JSON.parse(
    `{"__proto__": ${JSON.stringify(value)}, "constructor": {"prototype": {"x": 1}}}`
  ) as Record<string, unknown>
}

function nested(depth: number, leaf: unknown): unknown {
  let value: unknown = leaf
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value]
  return value
}

/** Values that do not belong anywhere in a query, as the decoded payload would carry them. */
export const HOSTILE_VALUES: readonly unknown[] = [
  { $where: 'sleep(10000) || true' },
  { $function: { body: 'function() { return true }', args: [], lang: 'js' } },
  { $accumulator: { init: 'function() {}', lang: 'js' } },
  { $gt: '' },
  { $ne: null },
  { $regex: '.*', $options: 'si' },
  { $expr: { $eq: [1, 1] } },
  { $in: ['a', 'b'] },
  { $exists: true },
  { $lookup: { from: 'users', pipeline: [], as: 'x' } },
  '$where',
  '$function',
  '$$ROOT',
  '$eventType',
  '$metadata.pageUrl',
  '$$CURRENT.userId',
  '{"$gt": ""}',
  '.*',
  '^(a+)+$',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'constructor',
  '__proto__',
  'toString',
  '$'.repeat(100_000),
  'x'.repeat(1_000_000),
  protoKeyed({ $where: 'true' }),
  protoKeyed('x'),
  nested(500, 'deep'),
  nested(40, { $where: 'true' }),
  new Date(Number.NaN),
  new Date(8.64e15 + 1),
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  1e308,
  2 ** 53 + 2,
  -1,
  0.5,
  null,
  [],
  [{ $where: 'true' }],
  {},
  true,
  new ObjectId('65a1b2c3d4e5f60718293a4b'),
  Decimal128.fromString('1.5'),
  Long.fromNumber(3),
  new Code('function () { return true }'),
  new BSONRegExp('.*', 'i'),
  new Binary(Buffer.from('abc')),
  new MinKey(),
  new MaxKey(),
  new Timestamp({ t: 1, i: 1 })
]

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 1, arbitrary: fc.string().map((text) => `$${text}`) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom('$where', '$gt', '$ne', '$function', '$expr', '__proto__', '$', '$$'),
      fc.jsonValue(),
      { minKeys: 1, maxKeys: 3 }
    )
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) }
)

type Path = (string | number)[]

/** Every place in a value a hostile value could go: the root, each field, each array element. */
export function pathsOf(value: unknown, path: Path = []): Path[] {
  const paths: Path[] = [path]
  if (Array.isArray(value)) {
    value.forEach((item, index) => paths.push(...pathsOf(item, [...path, index])))
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) paths.push(...pathsOf(value[key], [...path, key]))
  }
  return paths
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  )
}

/** A copy of `value` with `replacement` at `path` (or, with `addKey`, an extra key beside it). */
export function replaceAt(
  value: unknown,
  path: Path,
  replacement: unknown,
  addKey?: string
): unknown {
  if (path.length === 0) {
    if (addKey !== undefined && isPlainObject(value)) return { ...value, [addKey]: replacement }
    return replacement
  }
  const [head, ...rest] = path as [string | number, ...Path]
  if (Array.isArray(value)) {
    const copy: unknown[] = [...(value as unknown[])]
    copy[head as number] = replaceAt(copy[head as number], rest, replacement, addKey)
    return copy
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = { ...value }
    // defineProperty: an assignment to "__proto__" would set the prototype instead.
    Object.defineProperty(copy, head, {
      value: replaceAt(copy[head as string], rest, replacement, addKey),
      writable: true,
      enumerable: true,
      configurable: true
    })
    return copy
  }
  return value
}

/** A valid input with one hostile change: a value replaced, or an operator key added beside one. */
export function hostileVariantOf(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return valid.chain((value) => {
    const paths = pathsOf(value)
    return fc
      .tuple(
        fc.constantFrom(...paths),
        hostileValue,
        fc.option(fc.constantFrom('$where', '$function', '$gt', '__proto__', 'constructor'), {
          nil: undefined,
          freq: 4
        })
      )
      .map(([path, hostile, addKey]) => replaceAt(value, path, hostile, addKey))
  })
}

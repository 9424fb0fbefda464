import { isDeepStrictEqual } from 'node:util'
import type { Stage } from './pipeline-spec'

/** A tiny self-contained aggregation and the rows it must return on a server that supports it. */
export interface FeatureProbe {
  name: string
  /** Starts with `$documents`; run with `db.aggregate(pipeline)` (no collection). */
  pipeline: Stage[]
  expected: Record<string, unknown>[]
  /** Whether the rows the server returned are `expected` (field order does not matter). */
  check(rows: readonly unknown[]): boolean
}

type ProbeSpec = Omit<FeatureProbe, 'check'>

const at = (iso: string) => new Date(iso)

/**
 * One probe per family of stages and operators the pipeline builders use. A server passes a probe
 * when the aggregation runs and returns `expected` (see `probePasses`); the engine uses the
 * pipeline strategy only when every probe passes, and the reducer strategy otherwise.
 *
 * `$documents` is only how a probe carries its rows (no builder uses it). It arrived in MongoDB 5.1 and
 * FerretDB lacks it, so such servers run the probes over a collection instead: `probeOnCollection`
 * over any non-empty one, or the probe's rows in a scratch collection (`probeDocuments`, `probeStages`).
 */
const PROBE_SPECS: readonly ProbeSpec[] = [
  {
    name: '$match ($regex, $type, $in, $nin, $exists, $and, $or), $sort, $skip, $limit',
    pipeline: [
      {
        $documents: [
          { a: 3, s: '/product/1', m: { k: 'x' } },
          { a: 1, s: '/Product/2', m: { k: 'x' } },
          { a: 2, s: 7, m: { k: ['x'] } },
          { a: 4, s: '/cart' },
          { a: 5, s: '/product/5', m: { k: 'x' } }
        ]
      },
      {
        $match: {
          $and: [
            { a: { $gte: 1, $lt: 5, $nin: [2] } },
            { $or: [{ s: { $regex: '^/product/', $options: 'i' } }, { s: '/cart' }] }
          ],
          s: { $type: 'string' },
          a: { $in: [1, 3, 4, 5] },
          'm.k': { $exists: true }
        }
      },
      { $sort: { a: 1 } },
      { $skip: 1 },
      { $limit: 5 },
      { $project: { _id: 0, a: 1 } }
    ],
    expected: [{ a: 3 }]
  },
  {
    name: '$match with $expr',
    pipeline: [
      { $documents: [{ k: 'x' }, { k: ['x'] }, { k: 'y' }] },
      { $match: { $expr: { $eq: ['$k', { $literal: 'x' }] } } },
      { $project: { _id: 0, k: 1 } }
    ],
    expected: [{ k: 'x' }]
  },
  {
    name: '$setWindowFields with $documentNumber',
    pipeline: [
      {
        $documents: [
          { u: 'x', t: 2 },
          { u: 'y', t: 1 },
          { u: 'x', t: 1 }
        ]
      },
      {
        $setWindowFields: {
          partitionBy: '$u',
          sortBy: { t: 1 },
          output: { n: { $documentNumber: {} } }
        }
      },
      { $sort: { u: 1, t: 1 } },
      { $project: { _id: 0, u: 1, t: 1, n: 1 } }
    ],
    expected: [
      { u: 'x', t: 1, n: 1 },
      { u: 'x', t: 2, n: 2 },
      { u: 'y', t: 1, n: 1 }
    ]
  },
  {
    name: '$group with $push, $first, $sum, $min, $max; $unwind with includeArrayIndex',
    pipeline: [
      {
        $documents: [
          { u: 'x', v: [5, 6] },
          { u: 'x', v: [7] },
          { u: 'y', v: [] }
        ]
      },
      { $unwind: { path: '$v', includeArrayIndex: 'i', preserveNullAndEmptyArrays: true } },
      {
        $group: {
          _id: '$u',
          p: { $push: '$i' },
          f: { $first: '$v' },
          n: { $sum: 1 },
          lo: { $min: '$i' },
          hi: { $max: '$i' }
        }
      },
      { $sort: { _id: 1 } }
    ],
    expected: [
      { _id: 'x', p: [0, 1, 0], f: 5, n: 3, lo: 0, hi: 1 },
      { _id: 'y', p: [null], f: null, n: 1, lo: null, hi: null }
    ]
  },
  {
    name: '$reduce with $let, array state, $concatArrays, $arrayElemAt, $range, $filter, $map',
    pipeline: [
      { $documents: [{ ev: [1, 2, 3, 4] }] },
      {
        $project: {
          _id: 0,
          r: {
            $reduce: {
              input: { $reverseArray: '$ev' },
              initialValue: { s: [null, 0], c: [] },
              in: {
                $let: {
                  vars: { x: '$$this', st: '$$value' },
                  in: {
                    s: [
                      { $arrayElemAt: ['$$st.s', 0] },
                      { $add: [{ $arrayElemAt: ['$$st.s', 1] }, '$$x'] }
                    ],
                    c: { $concatArrays: ['$$st.c', ['$$x']] }
                  }
                }
              }
            }
          },
          f: { $filter: { input: { $range: [0, 5] }, as: 'i', cond: { $gt: ['$$i', 2] } } },
          m: { $map: { input: '$ev', as: 'x', in: { $multiply: ['$$x', 2] } } }
        }
      }
    ],
    expected: [{ r: { s: [null, 10], c: [4, 3, 2, 1] }, f: [3, 4], m: [2, 4, 6, 8] }]
  },
  {
    name: '$regexMatch, $type, $cond, $isNumber, $ifNull, $toLower, $first (array), comparisons, bit arithmetic',
    pipeline: [
      { $documents: [{ p: '/Product/42', d: 3, m: 1029, arr: [3, 5] }] },
      {
        $project: {
          _id: 0,
          r: { $regexMatch: { input: '$p', regex: '^/Product/' } },
          t: { $type: '$missing' },
          c: { $cond: [{ $eq: [{ $type: '$p' }, 'string'] }, 'yes', 'no'] },
          n: { $isNumber: '$d' },
          z: { $ifNull: ['$missing', 'none'] },
          l: { $toLower: '$p' },
          f: { $first: '$arr' },
          b: { $mod: [{ $floor: { $divide: ['$m', 1024] } }, 2] },
          cmp: {
            $and: [
              { $lte: ['$d', 3] },
              { $gte: ['$d', 3] },
              { $ne: ['$d', 4] },
              { $or: [false, { $gt: [{ $size: '$arr' }, 1] }] },
              { $lt: [{ $add: ['$d', 1] }, 5] }
            ]
          }
        }
      }
    ],
    expected: [
      {
        r: true,
        t: 'missing',
        c: 'yes',
        n: true,
        z: 'none',
        l: '/product/42',
        f: 3,
        b: 1,
        cmp: true
      }
    ]
  },
  {
    name: '$dateToString with an IANA time zone, date subtraction',
    pipeline: [
      { $documents: [{ a: at('2024-01-01T23:30:00.000Z'), b: at('2024-01-01T23:00:00.000Z') }] },
      {
        $project: {
          _id: 0,
          d: { $dateToString: { format: '%Y-%m-%d', date: '$a', timezone: 'Europe/Berlin' } },
          ms: { $subtract: ['$a', '$b'] }
        }
      }
    ],
    expected: [{ d: '2024-01-02', ms: 1_800_000 }]
  },
  {
    name: '$indexOfArray, $slice, $reverseArray, $max, $in, $set, $unset',
    pipeline: [
      { $documents: [{ p: ['a', 'b', 'c', 'd'] }] },
      { $set: { i: { $indexOfArray: ['$p', 'c'] } } },
      {
        $set: {
          fwd: { $slice: ['$p', '$i', 5] },
          back: { $reverseArray: { $slice: ['$p', { $max: [0, { $subtract: ['$i', 1] }] }, 2] } },
          has: { $in: ['b', '$p'] }
        }
      },
      { $unset: ['_id', 'p'] }
    ],
    expected: [{ i: 2, fwd: ['c', 'd'], back: ['c', 'b'], has: true }]
  },
  {
    name: '$lookup, concise form (localField, foreignField and pipeline)',
    pipeline: [
      { $documents: [{ a: 1 }] },
      {
        $lookup: {
          from: 'journey_workbench_feature_probe',
          localField: 'a',
          foreignField: '_id',
          pipeline: [{ $project: { _id: 0, deviceInfo: 1 } }],
          as: 'j'
        }
      },
      { $project: { _id: 0, a: 1, j: 1 } }
    ],
    expected: [{ a: 1, j: [] }]
  }
]

/**
 * What the normalising prefix of a source read through a field mapping uses besides the above
 * (mapping/mapped-event-stages.ts): conversions of times and ids, URL paths, properties without
 * the roles' keys, and running windows over each user's events for derived sessions.
 */
const MAPPING_PROBE_SPECS: readonly ProbeSpec[] = [
  {
    name: '$switch, $toDate, $convert, $toString, $regexFind, $getField, $objectToArray, $arrayToObject, $mergeObjects, $concat, $substrBytes, $trunc, $abs, $multiply, $add',
    pipeline: [
      {
        $documents: [
          {
            t: 1_700_000_000.5,
            s: '2024-01-01T00:00:00.000Z',
            u: 'https://x.com/a?q#f',
            p: { k: 1, drop: 2 },
            n: 42
          }
        ]
      },
      {
        $project: {
          _id: 0,
          a: {
            $switch: {
              branches: [
                {
                  case: { $isNumber: '$t' },
                  then: { $toDate: { $trunc: [{ $multiply: [{ $abs: '$t' }, 1000] }] } }
                }
              ],
              default: null
            }
          },
          b: { $convert: { input: '$s', to: 'date', onError: null, onNull: null } },
          c: {
            $let: {
              vars: {
                m: {
                  $regexFind: {
                    input: '$u',
                    regex: '^(?:[a-z][a-z0-9+.-]*://[^/?#]*|(?=/))([^#?]*)',
                    options: 'i'
                  }
                }
              },
              in: { $arrayElemAt: ['$$m.captures', 0] }
            }
          },
          d: {
            $getField: {
              field: { $literal: 'k' },
              input: { $getField: { field: { $literal: 'p' }, input: '$$CURRENT' } }
            }
          },
          e: {
            $mergeObjects: [
              {
                $arrayToObject: {
                  $filter: {
                    input: { $objectToArray: '$p' },
                    as: 'kv',
                    cond: { $not: [{ $in: ['$$kv.k', { $literal: ['drop'] }] }] }
                  }
                }
              },
              { z: 1 }
            ]
          },
          f: { $concat: [{ $toString: '$n' }, '#', { $substrBytes: ['$u', 0, 5] }] },
          g: { $add: [{ $toDate: '$n' }, 1000] }
        }
      }
    ],
    expected: [
      {
        a: at('2023-11-14T22:13:20.500Z'),
        b: at('2024-01-01T00:00:00.000Z'),
        c: '/a',
        d: 1,
        e: { k: 1, z: 1 },
        f: '42#https',
        g: new Date(1042)
      }
    ]
  },
  {
    name: '$setWindowFields with document windows ($max, $sum, $first)',
    pipeline: [
      {
        $documents: [
          { u: 'x', t: 2, v: 3 },
          { u: 'y', t: 1, v: 7 },
          { u: 'x', t: 1, v: 5 },
          { u: 'x', t: 3, v: 9 }
        ]
      },
      {
        $setWindowFields: {
          partitionBy: '$u',
          sortBy: { t: 1 },
          output: {
            pm: { $max: '$v', window: { documents: ['unbounded', -1] } },
            rs: { $sum: '$v', window: { documents: ['unbounded', 'current'] } },
            f: { $first: '$v', window: { documents: ['unbounded', 'current'] } }
          }
        }
      },
      { $sort: { u: 1, t: 1 } },
      { $project: { _id: 0, u: 1, t: 1, pm: { $ifNull: ['$pm', null] }, rs: 1, f: 1 } }
    ],
    expected: [
      { u: 'x', t: 1, pm: null, rs: 5, f: 5 },
      { u: 'x', t: 2, pm: 5, rs: 8, f: 5 },
      { u: 'x', t: 3, pm: 5, rs: 17, f: 5 },
      { u: 'y', t: 1, pm: null, rs: 7, f: 7 }
    ]
  }
]

export const pipelineFeatureProbe: readonly FeatureProbe[] = [
  ...PROBE_SPECS,
  ...MAPPING_PROBE_SPECS
].map((spec) => ({
  ...spec,
  check: (rows: readonly unknown[]) => probePasses(spec, rows)
}))

/** The same list, under the name the capability detection imports. */
export const FEATURE_PROBES = pipelineFeatureProbe

/** Whether a probe's rows are the expected ones (field order within documents does not matter). */
export function probePasses(probe: ProbeSpec, rows: readonly unknown[]): boolean {
  return isDeepStrictEqual(normalize(rows), normalize(probe.expected))
}

/** Plain JSON-like values: numbers of any BSON width as numbers (the driver may return Long). */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize)
  if (value instanceof Date || value === null || typeof value !== 'object') return value
  const tagged = value as { _bsontype?: string; toNumber?: () => number }
  if (tagged._bsontype === 'Long' && tagged.toNumber) return tagged.toNumber()
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) out[key] = normalize(v)
  return out
}

/**
 * The same probe for servers without `$documents` (MongoDB 5.0): it reads one document of any
 * non-empty collection and replaces it with the probe's documents.
 */
export function probeOnCollection(probe: ProbeSpec): Stage[] {
  const [first, ...rest] = probe.pipeline
  const documents = (first as { $documents?: unknown } | undefined)?.$documents
  if (!Array.isArray(documents)) return probe.pipeline
  return [
    { $limit: 1 },
    { $replaceWith: { d: { $literal: documents } } },
    { $unwind: '$d' },
    { $replaceWith: '$d' },
    ...rest
  ]
}

/** The rows a probe starts from (its `$documents`), to load into a scratch collection. */
export function probeDocuments(probe: ProbeSpec): Record<string, unknown>[] {
  const documents = (probe.pipeline[0] as { $documents?: unknown } | undefined)?.$documents
  return Array.isArray(documents) ? (documents as Record<string, unknown>[]) : []
}

/** The probe's stages after `$documents`, to run over a collection that holds its rows. */
export function probeStages(probe: ProbeSpec): Stage[] {
  const [first, ...rest] = probe.pipeline
  return first && '$documents' in first ? rest : probe.pipeline
}

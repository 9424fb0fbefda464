import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { RECOMMENDED_INDEXES } from '../../../src/main/data/recommended-indexes'
import {
  buildCaseFileUserLookup,
  buildCustomerSearchPipeline,
  buildFunnelPipeline,
  buildScopeMatch,
  INDEXES,
  pickCaseFileUser
} from '../../../src/main/engine/pipelines'

const range = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') }

describe('buildScopeMatch', () => {
  it('is one $match without a device filter: range, then metadata pairs checked as whole values', () => {
    const stages = buildScopeMatch({
      range,
      segment: { metadataEquals: [{ key: 'referrer', value: '$google' }] }
    })
    expect(stages).toEqual([
      {
        $match: {
          $and: [
            { timestamp: { $gte: range.from, $lt: range.to } },
            { 'metadata.referrer': { $eq: '$google' } },
            { $expr: { $eq: ['$metadata.referrer', { $literal: '$google' }] } }
          ]
        }
      }
    ])
    expect(buildScopeMatch({ range: {}, segment: {} })).toEqual([{ $match: {} }])
  })

  it('widens `to` by the funnel window', () => {
    const [match] = buildScopeMatch({ range, segment: {} }, { extendToMs: 60_000 })
    expect(match).toEqual({
      $match: { timestamp: { $gte: range.from, $lt: new Date(range.to.getTime() + 60_000) } }
    })
  })

  it('looks the session up only for a browser/OS filter, projecting deviceInfo alone', () => {
    const stages = buildScopeMatch({
      range: {},
      segment: { browsers: ['Chrome'], operatingSystems: ['iOS'] }
    })
    expect(stages).toHaveLength(4)
    expect(stages[1]).toEqual({
      $lookup: {
        from: 'sessions',
        localField: 'sessionId',
        foreignField: '_id',
        pipeline: [{ $project: { _id: 0, deviceInfo: 1 } }],
        as: '_session'
      }
    })
    expect(Object.keys((stages[2] as { $match: object }).$match)).toEqual(['$expr'])
    expect(stages[3]).toEqual({ $unset: '_session' })
  })
})

describe('builder outputs', () => {
  it('name only recommended indexes', () => {
    const names = new Set(RECOMMENDED_INDEXES.map((index) => index.name))
    for (const name of Object.values(INDEXES)) expect(names).toContain(name)
  })

  it('ask for allowDiskUse and stay small enough to print (10-step any funnel)', () => {
    const steps = Array.from({ length: 10 }, (_, i) => ({ eventType: `E${i}`, pageUrl: `/p${i}*` }))
    for (const mode of ['ordered', 'strict', 'any'] as const) {
      const spec = buildFunnelPipeline({
        range,
        segment: { browsers: ['Chrome'] },
        steps,
        mode,
        windowSeconds: 3600,
        breakdown: 'browser'
      })
      expect(spec.allowDiskUse).toBe(true)
      expect(spec.operation).toBe('aggregate')
      expect(JSON.stringify(spec.pipeline).length).toBeLessThan(60_000)
    }
  })

  it('search: literal text, ObjectId alternative for 24 hex digits, a count with the same filter', () => {
    const specs = buildCustomerSearchPipeline({ text: '65000000000000000000000A', limit: 5 })
    const match = specs.customers.pipeline[0] as { $match: { $or: unknown[] } }
    expect(match.$match.$or).toEqual([
      { _id: '65000000000000000000000A' },
      { _id: ObjectId.createFromHexString('65000000000000000000000a') },
      { name: { $regex: '^65000000000000000000000A', $options: 'i' } },
      { email: { $regex: '^65000000000000000000000A', $options: 'i' } }
    ])
    expect(specs.count).toEqual({
      collection: 'users',
      operation: 'countDocuments',
      filter: match.$match
    })
    const escaped = buildCustomerSearchPipeline({ text: 'a.b*(c)?', limit: 5 }).count.filter as {
      $or: { name?: { $regex: string } }[]
    }
    expect(escaped.$or[1]?.name?.$regex).toBe('^a\\.b\\*\\(c\\)\\?')
  })

  it('case file: the string id wins over the ObjectId it spells', () => {
    const lookup = buildCaseFileUserLookup({ userId: 'abc', sessions: { offset: 0, limit: 5 } })
    expect(lookup.filter).toEqual({ _id: { $in: ['abc'] } })
    const hex = '650000000000000000000001'
    const byOid = {
      _id: ObjectId.createFromHexString(hex),
      name: 'o',
      email: 'o',
      createdAt: new Date(),
      lastActiveAt: new Date()
    }
    const byString = { ...byOid, _id: hex }
    expect(pickCaseFileUser([byOid, byString], hex)).toBe(byString)
    expect(pickCaseFileUser([byOid], hex)).toBe(byOid)
    expect(pickCaseFileUser([], hex)).toBeNull()
  })
})

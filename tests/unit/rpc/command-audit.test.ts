import { describe, expect, it } from 'vitest'
import { auditCommand, dollarStringsOf } from '../../helpers/hostile-input/command-audit'

/* The audit the hostile-payload integration test relies on must catch what it claims to catch. */

const vocabulary = new Set([
  '$match',
  '$group',
  '$sum',
  '$in',
  '$eq',
  '$expr',
  '$literal',
  '$db',
  '$eventType',
  '$gte'
])

describe('auditCommand', () => {
  it('flags operators the engine never builds, and forbidden ones by name', () => {
    const find = { find: 'events', filter: { eventType: { $where: 'true' } }, $db: 'x' }
    expect(auditCommand(find, new Set(), vocabulary)).toEqual([
      {
        command: 'find',
        path: 'filter.eventType.$where',
        problem: 'operator "$where" is not one the engine builds'
      },
      { command: 'find', path: 'filter.eventType.$where', problem: 'forbidden operator $where' }
    ])
    const stage = { aggregate: 'events', pipeline: [{ $function: {} }] }
    expect(auditCommand(stage, new Set(), vocabulary)).toHaveLength(2)
  })

  it('flags payload $ text read as a field path, not when it is a literal or a query value', () => {
    const payload = dollarStringsOf({ steps: [{ eventType: '$secretField' }] })
    expect([...payload]).toEqual(['$secretField'])
    const asPath = {
      aggregate: 'events',
      pipeline: [{ $group: { _id: '$secretField', n: { $sum: 1 } } }]
    }
    expect(auditCommand(asPath, payload, vocabulary)).toEqual([
      {
        command: 'aggregate',
        path: 'pipeline[0].$group._id',
        problem: 'payload text "$secretField" read as a field path'
      }
    ])
    const safe = {
      aggregate: 'events',
      pipeline: [
        { $match: { eventType: { $in: ['$secretField'] } } },
        { $match: { $expr: { $eq: ['$eventType', { $literal: '$secretField' }] } } }
      ]
    }
    expect(auditCommand(safe, payload, vocabulary)).toEqual([])
    const inExpr = {
      aggregate: 'events',
      pipeline: [{ $match: { $expr: { $eq: ['$eventType', '$secretField'] } } }]
    }
    expect(auditCommand(inExpr, payload, vocabulary)).toHaveLength(1)
    const find = { find: 'events', filter: { eventType: '$secretField' } }
    expect(auditCommand(find, payload, vocabulary)).toEqual([])
  })
})

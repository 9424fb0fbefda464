import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import {
  caseFileUserFinds,
  customerEventsFinds,
  customerExactFinds,
  customerSessionsFind,
  findShapeFor,
  type FindSpec
} from '../../../src/main/engine/mongo/find-specs'

/** What FerretDB 1.x pushes down to its backend: one top-level field, a plain scalar value. */
function isPlainEquality(spec: FindSpec): boolean {
  const entries = Object.entries(spec.filter)
  if (entries.length !== 1) return false
  const [field, value] = entries[0] as [string, unknown]
  if (field.startsWith('$') || field.includes('.')) return false
  return (
    typeof value === 'string' ||
    typeof value === 'number' ||
    value instanceof ObjectId ||
    value instanceof Date
  )
}

describe('find shapes for servers that push down only plain equality', () => {
  it('is chosen for FerretDB where its backend takes equality filters (PostgreSQL)', () => {
    expect(findShapeFor('ferretdb', true)).toBe('equality')
    // On SQLite FerretDB reads every row for any shape: one find costs less than many.
    expect(findShapeFor('ferretdb', false)).toBe('combined')
    for (const flavor of ['mongodb', 'documentdb', 'cosmosdb', 'unknown'] as const) {
      expect(findShapeFor(flavor, false)).toBe('combined')
      expect(findShapeFor(flavor, true)).toBe('combined')
    }
  })

  it('splits the case file events $or into one userId find and one find per session', () => {
    const sessionIds = ['s1', new ObjectId('64b7f0c2a1b2c3d4e5f60718')]
    const combined = customerEventsFinds('u1', sessionIds, 'combined')
    expect(combined).toHaveLength(1)
    expect(combined[0]?.filter).toEqual({
      $or: [{ userId: 'u1' }, { sessionId: { $in: sessionIds } }]
    })
    const split = customerEventsFinds('u1', sessionIds, 'equality')
    expect(split.map((spec) => spec.filter)).toEqual([
      { userId: 'u1' },
      { sessionId: 's1' },
      { sessionId: sessionIds[1] }
    ])
    expect(split.every(isPlainEquality)).toBe(true)
    // The server would sort each of these in memory; the app sorts the few events instead.
    expect(split.every((spec) => spec.sort === undefined)).toBe(true)
  })

  it('asks only for the userId events when the user has no sessions', () => {
    expect(customerEventsFinds('u1', [], 'equality').map((spec) => spec.filter)).toEqual([
      { userId: 'u1' }
    ])
    expect(customerEventsFinds('u1', [], 'combined').map((spec) => spec.filter)).toEqual([
      { userId: 'u1' }
    ])
  })

  it('reads the sessions by equality, sorted by the server only where it can use the index', () => {
    expect(customerSessionsFind('u1', 'combined').sort).toEqual({ startTime: -1, _id: -1 })
    const equality = customerSessionsFind('u1', 'equality')
    expect(equality.sort).toBeUndefined()
    expect(isPlainEquality(equality)).toBe(true)
  })

  it('looks the case-file user up by each id the text can stand for', () => {
    expect(caseFileUserFinds('u000042').map((spec) => spec.filter)).toEqual([{ _id: 'u000042' }])
    const hex = '64B7F0C2A1B2C3D4E5F60718'
    const finds = caseFileUserFinds(hex)
    expect(finds.map((spec) => spec.filter)).toEqual([
      { _id: hex },
      { _id: new ObjectId(hex.toLowerCase()) }
    ])
    expect(finds.every(isPlainEquality)).toBe(true)
  })

  it('looks customers up live by id and by exact email, as typed and in lower case', () => {
    expect(customerExactFinds('Alice@Example.com').map((spec) => spec.filter)).toEqual([
      { _id: 'Alice@Example.com' },
      { email: 'Alice@Example.com' },
      { email: 'alice@example.com' }
    ])
    expect(customerExactFinds('bob').map((spec) => spec.filter)).toEqual([
      { _id: 'bob' },
      { email: 'bob' }
    ])
    expect(customerExactFinds('x').every(isPlainEquality)).toBe(true)
  })
})

import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { CustomerSearchAccumulator } from '../../../src/main/engine/reducers/customer-matcher'
import { escapeRegExp } from '../../../src/main/engine/rules/escape-regexp'
import { callContext, localEngine, user, type Fixture } from './journey-fixture'

const zedId = new ObjectId('65a1b2c3d4e5f60718293a4b')
const fixture: Fixture = {
  users: [
    user('u1', 'Alice Smith', 'alice@example.com'),
    user('u2', 'alan turing', 'AT@example.com'),
    user('u3', 'Bob', 'bob.*@x.com'),
    user('u4', '(weird', 'w@x.com'),
    user(zedId, 'Zed', 'z@x.com'),
    user('u6', '$where', 'dollar@x.com'),
    user('u7', 'Ålesund Ola', 'ola@x.com'),
    user('b', 'Sam', 'sam2@x.com'),
    user('a', 'sam', 'sam1@x.com'),
    user('ALI', 'Xavier', 'x@x.com')
  ],
  events: []
}

async function search(text: string, limit = 50) {
  const engine = await localEngine(fixture)
  const { plan, ...result } = await engine.searchCustomers({ text, limit }, callContext())
  expect(plan.strategy).toBe('local')
  return { ids: result.customers.map((c) => c._id), total: result.total }
}

describe('customer search', () => {
  it('matches a prefix of name or email, case-insensitively, sorted by name then _id', async () => {
    expect(await search('al')).toEqual({ ids: ['u2', 'u1'], total: 2 })
    expect(await search('AL')).toEqual({ ids: ['u2', 'u1'], total: 2 })
    expect(await search('sam')).toEqual({ ids: ['a', 'b'], total: 2 })
    expect(await search('å')).toEqual({ ids: ['u7'], total: 1 })
  })

  it('matches an exact email whatever its case, and an exact id', async () => {
    expect(await search('at@EXAMPLE.com')).toEqual({ ids: ['u2'], total: 1 })
    // "ALI" prefixes Alice, and is the exact id of Xavier.
    expect(await search('ALI')).toEqual({ ids: ['u1', 'ALI'], total: 2 })
    expect(await search('ali')).toEqual({ ids: ['u1'], total: 1 }) // ids are case-sensitive
    expect(await search('65A1B2C3D4E5F60718293A4B')).toEqual({ ids: [zedId], total: 1 })
  })

  it('treats regex and operator characters as literal text', async () => {
    expect(await search('.*')).toEqual({ ids: [], total: 0 })
    expect(await search('bob.*')).toEqual({ ids: ['u3'], total: 1 })
    expect(await search('bob..')).toEqual({ ids: [], total: 0 })
    expect(await search('(')).toEqual({ ids: ['u4'], total: 1 })
    expect(await search('$where')).toEqual({ ids: ['u6'], total: 1 })
    expect(escapeRegExp('a.b*c(d)[e]{f}|g^h$i\\j/k?+')).toBe(
      'a\\.b\\*c\\(d\\)\\[e\\]\\{f\\}\\|g\\^h\\$i\\\\j\\/k\\?\\+'
    )
  })

  it('counts all matches but returns the first `limit`', async () => {
    // alan, Alice, and sam whose id is "a"; alan sorts first.
    expect(await search('a', 1)).toEqual({ ids: ['u2'], total: 3 })
    const accumulator = new CustomerSearchAccumulator('s', 2)
    for (const doc of fixture.users ?? []) accumulator.add(doc)
    // "s" prefixes the two Sams (names and emails) only; equal folded names go by _id.
    expect(accumulator.result().customers.map((c) => c._id)).toEqual(['a', 'b'])
    expect(accumulator.result().total).toBe(2)
  })
})

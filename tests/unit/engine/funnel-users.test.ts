import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import type { FunnelUsersQuery } from '../../../src/shared/journeys/query-schemas'
import {
  callContext,
  event,
  funnelByDocumentReducer,
  funnelQuery,
  localEngine,
  type Fixture
} from './journey-fixture'

const ABC = [{ eventType: 'A' }, { eventType: 'B' }, { eventType: 'C' }]
const oidLow = new ObjectId('000000000000000000000001')
const oidHigh = new ObjectId('ff0000000000000000000000')

// Furthest steps: 'b' 3, 'a' 2, oidHigh 2, 'Z' 1, oidLow 1, 'c' 0 (never enters).
const fixture: Fixture = {
  events: [
    event('e1', 'b', 's1', 'A', 0),
    event('e2', 'b', 's1', 'B', 1),
    event('e3', 'b', 's1', 'C', 2),
    event('e4', 'a', 's2', 'A', 0),
    event('e5', 'a', 's2', 'B', 1),
    event('e6', oidHigh, 's3', 'A', 0),
    event('e7', oidHigh, 's3', 'B', 1),
    event('e8', 'Z', 's4', 'A', 0),
    event('e9', oidLow, 's5', 'A', 0),
    event('e10', 'c', 's6', 'B', 0)
  ]
}

async function funnelUsers(
  step: number,
  outcome: 'reached' | 'dropped',
  page = { offset: 0, limit: 50 }
) {
  const query: Omit<FunnelUsersQuery, 'source'> = {
    ...funnelQuery({ steps: ABC }),
    step,
    outcome,
    page
  }
  const engine = await localEngine(fixture)
  const { plan: _plan, users, ...local } = await engine.funnelUsers(query, callContext())
  const streamed = funnelByDocumentReducer(fixture, query, query).users
  expect(streamed).toEqual(local)
  // No user documents here: every listed user is there, without a name or email.
  expect(users).toEqual(local.userIds.map((userId) => ({ userId, name: null, email: null })))
  return local
}

describe('funnel users', () => {
  it('lists who reached a step, in BSON id order (strings by bytes, then ObjectIds)', async () => {
    expect(await funnelUsers(1, 'reached')).toEqual({
      userIds: ['Z', 'a', 'b', oidLow, oidHigh],
      total: 5
    })
    expect(await funnelUsers(2, 'reached')).toEqual({ userIds: ['a', 'b', oidHigh], total: 3 })
  })

  it('lists who dropped at a step: reached the one before and no further', async () => {
    expect(await funnelUsers(2, 'dropped')).toEqual({ userIds: ['Z', oidLow], total: 2 })
    expect(await funnelUsers(3, 'dropped')).toEqual({ userIds: ['a', oidHigh], total: 2 })
    expect(await funnelUsers(1, 'dropped')).toEqual({ userIds: [], total: 0 })
  })

  it('pages with offset and limit, keeping the total', async () => {
    expect(await funnelUsers(1, 'reached', { offset: 1, limit: 2 })).toEqual({
      userIds: ['a', 'b'],
      total: 5
    })
    expect(await funnelUsers(1, 'reached', { offset: 5, limit: 2 })).toEqual({
      userIds: [],
      total: 5
    })
  })
})

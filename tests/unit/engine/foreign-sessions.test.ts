import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { ForeignSessionsAccumulator } from '../../../src/main/engine/reducers/foreign-sessions'

describe('sessions holding another user’s events', () => {
  it('are those with an event whose userId differs from the session’s, or is missing', () => {
    const owner = new ObjectId('64b7f0c2a1b2c3d4e5f60718')
    const accumulator = new ForeignSessionsAccumulator()
    accumulator.addSession('s1', 'u1')
    accumulator.addSession('s2', 'u1')
    accumulator.addSession('s3', owner)
    accumulator.addSession('s4', 'u2')
    accumulator.addEvent('s1', 'u1')
    accumulator.addEvent('s2', 'u1')
    accumulator.addEvent('s2', 'u2')
    // The same ObjectId in another instance is the same user.
    accumulator.addEvent('s3', new ObjectId(owner.toHexString()))
    // A string that spells the ObjectId is another id.
    accumulator.addEvent('s3', owner.toHexString())
    accumulator.addEvent('s4', undefined)
    // An event of a session that does not exist belongs to no session's list.
    accumulator.addEvent('s-missing', 'u1')
    const result = accumulator.result()
    expect([...result.foreignSessions].sort()).toEqual(['s:s2', 's:s3', 's:s4'])
    expect(result.sessions).toBe(4)
    expect(result.events).toBe(7)
  })

  it('finds none in data that agrees with itself', () => {
    const accumulator = new ForeignSessionsAccumulator()
    accumulator.addSession('s1', 'u1')
    accumulator.addEvent('s1', 'u1')
    expect(accumulator.result().foreignSessions.size).toBe(0)
  })
})

import { ObjectId, Decimal128 } from 'bson'
import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from '../../src/shared/rpc/wire'

describe('wire encoding', () => {
  it('keeps dates, ObjectIds and Decimal128 across the boundary', () => {
    const id = new ObjectId()
    const value = {
      at: new Date('2025-09-13T12:00:00.000Z'),
      id,
      price: Decimal128.fromString('9.99')
    }
    const back = decodeWire(encodeWire(value)) as typeof value
    expect(back.at).toBeInstanceOf(Date)
    expect(back.at.toISOString()).toBe('2025-09-13T12:00:00.000Z')
    expect(back.id).toBeInstanceOf(ObjectId)
    expect(back.id.equals(id)).toBe(true)
    expect(back.price.toString()).toBe('9.99')
  })

  it('encodes undefined as null', () => {
    expect(decodeWire(encodeWire(undefined))).toBeNull()
  })
})

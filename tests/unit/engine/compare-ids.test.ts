import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { compareIds, compareUtf8 } from '../../../src/main/engine/rules/compare-ids'
import { compareEventOrder } from '../../../src/main/engine/rules/event-order'
import { idKey, idKeysForText, idMatchesText } from '../../../src/main/engine/rules/id-key'

describe('id order and keys', () => {
  it('sorts numbers, then strings, then ObjectIds', () => {
    const a = new ObjectId('0a0000000000000000000000')
    const b = new ObjectId('f00000000000000000000000')
    const ids = [b, 'b', 10, a, 'B', 2, 'a']
    expect([...ids].sort(compareIds)).toEqual([2, 10, 'B', 'a', 'b', a, b])
  })

  it('compares strings by UTF-8 bytes, not UTF-16 units', () => {
    // U+FF21 (FULLWIDTH A, one UTF-16 unit) is below U+1F600 (an emoji, a surrogate pair) in
    // UTF-8, though its UTF-16 unit 0xFF21 is above the surrogate 0xD83D.
    expect(compareUtf8('\uFF21', '\u{1F600}')).toBe(-1)
    expect(['\u{1F600}', '\uFF21'].sort()).toEqual(['\u{1F600}', '\uFF21']) // UTF-16 order differs
    expect(compareUtf8('abc', 'abd')).toBe(-1)
    expect(compareUtf8('ab', 'abc')).toBe(-1)
    expect(compareUtf8('é', 'z')).toBe(1)
    expect(compareUtf8('same', 'same')).toBe(0)
  })

  it('orders events by time, then _id', () => {
    expect(compareEventOrder(1, 'z', 2, 'a')).toBe(-1)
    expect(compareEventOrder(5, 'e2', 5, 'e10')).toBe(1)
    expect(compareEventOrder(5, 'e1', 5, new ObjectId())).toBe(-1)
  })

  it('keys ids so equal ids share a key', () => {
    const hex = '65a1b2c3d4e5f60718293a4b'
    expect(idKey(new ObjectId(hex))).toBe(`o:${hex}`)
    expect(idKey(hex)).toBe(`s:${hex}`)
    expect(idKey(7)).toBe('n:7')
    expect(idKeysForText(hex.toUpperCase())).toEqual([`s:${hex.toUpperCase()}`, `o:${hex}`])
    expect(idKeysForText('u1')).toEqual(['s:u1'])
    expect(idMatchesText(new ObjectId(hex), hex.toUpperCase())).toBe(true)
    expect(idMatchesText('U1', 'u1')).toBe(false)
  })
})

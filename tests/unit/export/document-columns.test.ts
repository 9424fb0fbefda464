import { Decimal128, ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import {
  compilePathReader,
  discoverColumns,
  forEachLeafPath,
  UnlistedFields
} from '../../../src/main/export/document-columns'

const paths = (document: Record<string, unknown>): string[] => {
  const found: string[] = []
  forEachLeafPath(document, (path) => found.push(path))
  return found
}

describe('document columns', () => {
  it('flattens nested plain objects as a.b; arrays, dates, BSON values and {} are leaves', () => {
    const document = {
      _id: new ObjectId(),
      when: new Date(0),
      amount: Decimal128.fromString('1.5'),
      tags: ['a', { b: 1 }],
      empty: {},
      deviceInfo: { browser: 'Chrome', screen: { width: 1280, height: 720 } }
    }
    expect(paths(document)).toEqual([
      '_id',
      'when',
      'amount',
      'tags',
      'empty',
      'deviceInfo.browser',
      'deviceInfo.screen.width',
      'deviceInfo.screen.height'
    ])
  })

  it('discovers columns in first-seen order with _id first', () => {
    expect(
      discoverColumns([
        { name: 'a', _id: 1 },
        { _id: 2, meta: { x: 1 }, name: 'b' },
        { _id: 3, meta: { y: 2 }, extra: true }
      ])
    ).toEqual(['_id', 'name', 'meta.x', 'meta.y', 'extra'])
  })

  it('reads a path, undefined where a step is missing or not an object', () => {
    const read = compilePathReader('metadata.pageUrl')
    expect(read({ metadata: { pageUrl: '/cart' } })).toBe('/cart')
    expect(read({ metadata: 'text' })).toBeUndefined()
    expect(read({})).toBeUndefined()
    expect(compilePathReader('_id')({ _id: 7 })).toBe(7)
  })

  it('names the fields that had no column, and how many documents had them', () => {
    const unlisted = new UnlistedFields(['_id', 'metadata.pageUrl'])
    unlisted.check({ _id: 1, metadata: { pageUrl: '/' } })
    expect(unlisted.note()).toBeNull()
    unlisted.check({ _id: 2, metadata: { pageUrl: '/', coupon: 'X' } })
    unlisted.check({ _id: 3, late: true })
    expect(unlisted.note()).toBe(
      '2 documents have fields that are not columns of the file: metadata.coupon, late.'
    )
  })
})

import { describe, expect, it } from 'vitest'
import { chosenDatabase } from '../../../src/renderer/src/app/source/use-database-choice'

describe('the database a connection opens', () => {
  it('is what was typed, trimmed, whatever the suggestion', () => {
    expect(chosenDatabase(' shop_eu ', 'shop')).toBe('shop_eu')
    expect(chosenDatabase('shop_eu', null)).toBe('shop_eu')
  })

  it('is the suggestion when nothing (or only spaces) was typed', () => {
    expect(chosenDatabase('', 'shop')).toBe('shop')
    expect(chosenDatabase('   ', 'shop')).toBe('shop')
  })

  it('is nothing when neither is known', () => {
    expect(chosenDatabase('', null)).toBe('')
  })
})

import { describe, expect, it } from 'vitest'
import { demoShopPage, fillTemplate } from '../../../src/demo-shop/demo-shop-pages'

describe('demo shop pages', () => {
  it('maps paths to pages, and nothing else', () => {
    expect(demoShopPage('/')).toEqual({ page: 'home', title: 'Home' })
    expect(demoShopPage('/category/kitchen')?.page).toBe('category')
    expect(demoShopPage('/product/aurora-x2/reviews')?.page).toBe('product')
    expect(demoShopPage('/checkout/')?.page).toBe('checkout')
    expect(demoShopPage('/checkout/confirmation')?.page).toBe('confirmation')
    expect(demoShopPage('/admin')).toBeNull()
    expect(demoShopPage('/product/../../etc/passwd')).toBeNull()
  })

  it('fills the template with escaped values', () => {
    expect(fillTemplate('<a data-x="{{X}}">{{Y}}</a>{{Z}}', { X: '"><script>', Y: 'a&b' })).toBe(
      '<a data-x="&#34;&#62;&#60;script&#62;">a&#38;b</a>{{Z}}'
    )
  })
})

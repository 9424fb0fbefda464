import type { Random } from './seeded-random'
import type { ShopCatalogue, ShopCategory, ShopProduct, ShopSubcategory } from './shop-catalogue'

export type PageKind =
  | 'home'
  | 'deals'
  | 'category'
  | 'subcategory'
  | 'product'
  | 'search'
  | 'cart'
  | 'checkout'
  | 'payment'
  | 'confirmation'

/** One page of the simulated shop, with what the visitor is looking at there. */
export interface ShopPage {
  kind: PageKind
  url: string
  category?: ShopCategory
  subcategory?: ShopSubcategory
  product?: ShopProduct
  query?: string
  resultsCount?: number
}

export const HOME_PAGE: ShopPage = { kind: 'home', url: '/' }
export const DEALS_PAGE: ShopPage = { kind: 'deals', url: '/deals' }
export const CART_PAGE: ShopPage = { kind: 'cart', url: '/cart' }
export const CHECKOUT_PAGE: ShopPage = { kind: 'checkout', url: '/checkout' }
export const PAYMENT_PAGE: ShopPage = { kind: 'payment', url: '/checkout/payment' }
export const CONFIRMATION_PAGE: ShopPage = { kind: 'confirmation', url: '/checkout/confirmation' }

export function categoryPage(category: ShopCategory): ShopPage {
  return { kind: 'category', url: category.path, category }
}

export function subcategoryPage(subcategory: ShopSubcategory): ShopPage {
  return { kind: 'subcategory', url: subcategory.path, subcategory, category: subcategory.category }
}

export function productPage(product: ShopProduct): ShopPage {
  return { kind: 'product', url: product.path, product, subcategory: product.subcategory }
}

/** A search results page; its query comes from a subcategory's terms, sometimes mistyped. */
export function searchPage(subcategory: ShopSubcategory, random: Random): ShopPage {
  let query = random.pick(subcategory.searchTerms)
  if (random.chance(0.06)) query = mistype(query, random)
  const noResults = random.chance(0.05)
  return {
    kind: 'search',
    url: `/search?q=${encodeURIComponent(query).replace(/%20/g, '+')}`,
    subcategory,
    query,
    resultsCount: noResults ? 0 : Math.min(subcategory.products.length * 3, random.int(1, 120))
  }
}

/** A product the visitor moves on to from this page. */
export function nextProduct(page: ShopPage, catalogue: ShopCatalogue, random: Random): ShopProduct {
  const subcategory = page.subcategory
  return subcategory && random.chance(0.8)
    ? catalogue.pickProductIn(subcategory, random)
    : catalogue.pickPopularProduct(random)
}

function mistype(query: string, random: Random): string {
  const at = random.int(1, Math.max(1, query.length - 2))
  return query.slice(0, at) + query.charAt(at + 1) + query.charAt(at) + query.slice(at + 2)
}

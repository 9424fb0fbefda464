import { EVENT_TYPES } from '../../../shared/journeys/documents'
import type { Random } from './seeded-random'
import type { ShopCatalogue, ShopProduct } from './shop-catalogue'
import {
  CART_PAGE,
  CHECKOUT_PAGE,
  CONFIRMATION_PAGE,
  DEALS_PAGE,
  HOME_PAGE,
  PAYMENT_PAGE,
  categoryPage,
  nextProduct,
  productPage,
  searchPage,
  subcategoryPage,
  type PageKind,
  type ShopPage
} from './shop-pages'

export type Currency = 'USD' | 'EUR' | 'GBP'

/** What the simulator knows about the person behind a session; the cart outlives sessions. */
export interface Shopper {
  /** 0..1: how ready this person is to buy. */
  intent: number
  currency: Currency
  cart: { product: ShopProduct; quantity: number }[]
}

/** The simulator writes events through `emit`; the caller owns ids and documents. */
export interface SessionSimulation {
  random: Random
  catalogue: ShopCatalogue
  shopper: Shopper
  emit(eventType: string, timestamp: number, metadata: Record<string, unknown>): void
  nextOrderId(): string
}

const MEDIAN_SECONDS: Record<PageKind, number> = {
  home: 14,
  deals: 25,
  category: 20,
  subcategory: 32,
  product: 48,
  search: 16,
  cart: 28,
  checkout: 55,
  payment: 70,
  confirmation: 12
}

const USD_RATE: Record<Currency, number> = { USD: 1, EUR: 0.92, GBP: 0.79 }
const MAX_PAGE_VIEWS = 80
export const MAX_DWELL_SECONDS = 1500
/** Rarely, two events carry one timestamp: the engines must order them by `_id`. */
const TIE_CHANCE = 0.004

/**
 * Plays one visit to the shop from `start` (ms): a `SESSION_START`, then page views (with searches,
 * add-to-carts and purchases where they happen) until the visitor leaves. Returns the end time (ms).
 */
export function simulateShopSession(sim: SessionSimulation, start: number): number {
  const { random, shopper } = sim
  const referrer = pickReferrer(random)
  sim.emit(EVENT_TYPES.sessionStart, start, { referrer })
  if (random.chance(0.04)) return start

  const intent = Math.min(
    1,
    shopper.intent * (0.5 + random.next()) + (shopper.cart.length ? 0.1 : 0)
  )
  let page = landingPage(sim, referrer)
  let now = start + random.int(40, 1500)
  let refreshed = false
  for (let views = 1; ; views++) {
    if (page.kind === 'search' && !refreshed) {
      sim.emit(EVENT_TYPES.search, now, { query: page.query, resultsCount: page.resultsCount })
      now += random.chance(TIE_CHANCE) ? 0 : random.int(120, 900)
    }
    const duration = dwellSeconds(page.kind, random)
    sim.emit(EVENT_TYPES.pageView, now, { pageUrl: page.url, duration })
    const bought = actOnPage(sim, page, now, duration, intent)
    const leaveAt = now + duration * 1000
    if (views >= MAX_PAGE_VIEWS) return leaveAt

    refreshed = page.kind !== 'payment' && random.chance(0.02)
    const next = refreshed ? page : bought ? CONFIRMATION_PAGE : nextPage(sim, page, intent)
    if (!next) return leaveAt
    page = next
    now = leaveAt + random.int(150, 2500)
  }
}

/** Adds to cart on product pages and pays on the payment page; true when an order was placed. */
function actOnPage(
  sim: SessionSimulation,
  page: ShopPage,
  viewedAt: number,
  duration: number,
  intent: number
): boolean {
  const { random, shopper } = sim
  const at = random.chance(TIE_CHANCE)
    ? viewedAt
    : viewedAt + Math.max(1, Math.floor(duration * 1000 * (0.2 + 0.75 * random.next())))
  if (page.kind === 'product' && page.product && random.chance(0.05 + 0.3 * intent)) {
    const quantity = random.chance(0.85) ? 1 : random.int(2, 4)
    shopper.cart.push({ product: page.product, quantity })
    sim.emit(EVENT_TYPES.addToCart, at, {
      pageUrl: page.url,
      productId: page.product.id,
      quantity,
      price: toCurrency(page.product.price, shopper.currency)
    })
    return false
  }
  if (page.kind === 'payment' && shopper.cart.length > 0 && random.chance(0.82)) {
    const usd = shopper.cart.reduce((sum, line) => sum + line.product.price * line.quantity, 0)
    sim.emit(EVENT_TYPES.purchase, at, {
      orderId: sim.nextOrderId(),
      amount: toCurrency(usd, shopper.currency),
      currency: shopper.currency,
      items: shopper.cart.reduce((sum, line) => sum + line.quantity, 0)
    })
    shopper.cart.length = 0
    return true
  }
  return false
}

function nextPage(sim: SessionSimulation, page: ShopPage, intent: number): ShopPage | null {
  const { random, catalogue, shopper } = sim
  const roll = random.next()
  const hasCart = shopper.cart.length > 0
  switch (page.kind) {
    case 'home':
      if (roll < 0.38) return categoryPage(catalogue.pickCategory(random))
      if (roll < 0.56) return productPage(catalogue.pickPopularProduct(random))
      if (roll < 0.7) return relatedSearch(sim, page)
      if (roll < 0.74) return DEALS_PAGE
      if (roll < 0.82 && hasCart) return CART_PAGE
      return null
    case 'deals':
      if (roll < 0.6) return productPage(catalogue.pickPopularProduct(random))
      if (roll < 0.75) return categoryPage(catalogue.pickCategory(random))
      return null
    case 'category': {
      const category = page.category ?? catalogue.pickCategory(random)
      if (roll < 0.55) return subcategoryPage(random.pick(category.subcategories))
      if (roll < 0.75) return productPage(catalogue.pickPopularProduct(random))
      if (roll < 0.8) return relatedSearch(sim, page)
      if (roll < 0.85) return HOME_PAGE
      return null
    }
    case 'subcategory': {
      const category = page.category ?? catalogue.pickCategory(random)
      if (roll < 0.6) return relatedProduct(sim, page)
      if (roll < 0.7) return subcategoryPage(random.pick(category.subcategories))
      if (roll < 0.73) return categoryPage(category)
      if (roll < 0.78) return relatedSearch(sim, page)
      return null
    }
    case 'product':
      if (hasCart && roll < (shopper.cart.at(-1)?.product === page.product ? 0.4 : 0.05)) {
        return CART_PAGE
      }
      if (roll < 0.5) return relatedProduct(sim, page)
      if (roll < 0.62 && page.subcategory) return subcategoryPage(page.subcategory)
      if (roll < 0.7) return relatedSearch(sim, page)
      if (roll < 0.74) return HOME_PAGE
      return null
    case 'search':
      if (page.resultsCount === 0)
        return roll < 0.4 ? relatedSearch(sim, page) : roll < 0.55 ? HOME_PAGE : null
      if (roll < 0.62) return relatedProduct(sim, page)
      if (roll < 0.72) return relatedSearch(sim, page)
      if (roll < 0.77 && page.subcategory) return subcategoryPage(page.subcategory)
      return null
    case 'cart':
      if (!hasCart) return roll < 0.5 ? HOME_PAGE : null
      if (roll < 0.3 + 0.45 * intent) return CHECKOUT_PAGE
      if (roll < 0.55 + 0.3 * intent) return productPage(catalogue.pickPopularProduct(random))
      return null
    case 'checkout':
      if (roll < 0.72) return PAYMENT_PAGE
      if (roll < 0.8) return CART_PAGE
      return null
    case 'payment':
      return roll < 0.25 ? CART_PAGE : null
    case 'confirmation':
      if (roll < 0.15) return HOME_PAGE
      if (roll < 0.25) return productPage(catalogue.pickPopularProduct(random))
      return null
  }
}

function relatedProduct(sim: SessionSimulation, page: ShopPage): ShopPage {
  return productPage(nextProduct(page, sim.catalogue, sim.random))
}

function relatedSearch(sim: SessionSimulation, page: ShopPage): ShopPage {
  const { random, catalogue } = sim
  return searchPage(
    page.subcategory ?? random.pick(catalogue.pickCategory(random).subcategories),
    random
  )
}

type Referrer = 'direct' | 'google' | 'bing' | 'email' | 'ads' | 'social'

function pickReferrer(random: Random): Referrer {
  const roll = random.next()
  if (roll < 0.36) return 'direct'
  if (roll < 0.64) return 'google'
  if (roll < 0.68) return 'bing'
  if (roll < 0.78) return 'email'
  if (roll < 0.9) return 'ads'
  return 'social'
}

function landingPage(sim: SessionSimulation, referrer: Referrer): ShopPage {
  const { random, catalogue, shopper } = sim
  const roll = random.next()
  switch (referrer) {
    case 'direct':
      if (shopper.cart.length > 0 && roll < 0.25) return CART_PAGE
      return roll < 0.8 ? HOME_PAGE : categoryPage(catalogue.pickCategory(random))
    case 'email':
      return roll < 0.5 ? DEALS_PAGE : productPage(catalogue.pickPopularProduct(random))
    case 'ads':
    case 'social':
      return productPage(catalogue.pickPopularProduct(random))
    default:
      if (roll < 0.5) return productPage(catalogue.pickPopularProduct(random))
      if (roll < 0.8)
        return subcategoryPage(random.pick(catalogue.pickCategory(random).subcategories))
      return HOME_PAGE
  }
}

/**
 * Seconds on a page, capped at 25 minutes so that no gap inside a visit reaches the 30-minute idle
 * rule that derives sessions from events (docs/query-semantics.md): shapes without a sessions
 * collection must split into exactly the simulated sessions.
 */
function dwellSeconds(kind: PageKind, random: Random): number {
  const seconds = Math.round(random.logNormal(MEDIAN_SECONDS[kind], 0.85))
  return Math.min(MAX_DWELL_SECONDS, Math.max(1, seconds))
}

function toCurrency(usd: number, currency: Currency): number {
  return Math.round(usd * USD_RATE[currency] * 100) / 100
}

/** The demo shop's pages by path: which page of `page.html` to render, and its first title. */
export type DemoShopPage = 'home' | 'category' | 'product' | 'cart' | 'checkout' | 'confirmation'

const TITLES: Record<DemoShopPage, string> = {
  home: 'Home',
  category: 'Category',
  product: 'Product',
  cart: 'Cart',
  checkout: 'Checkout',
  confirmation: 'Order placed'
}

/** `/product/aurora-x2/reviews` → product; null for paths the shop does not have. */
export function demoShopPage(path: string): { page: DemoShopPage; title: string } | null {
  const page = pageOf(path.replace(/\/+$/, '') || '/')
  return page ? { page, title: TITLES[page] } : null
}

function pageOf(path: string): DemoShopPage | null {
  if (path === '/') return 'home'
  if (/^\/category\/[a-z0-9-]+$/.test(path)) return 'category'
  if (/^\/product\/[a-z0-9-]+(\/reviews)?$/.test(path)) return 'product'
  if (path === '/cart') return 'cart'
  if (path === '/checkout') return 'checkout'
  if (path === '/checkout/confirmation') return 'confirmation'
  return null
}

/** Fills `{{NAME}}` in the page template, HTML-escaped. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = values[name]
    return value === undefined ? whole : escapeHtml(value)
  })
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

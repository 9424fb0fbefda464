/** The simulated shop's departments: traffic weight, USD price range, subcategories with search terms. */
export interface ShopCategorySpec {
  slug: string
  weight: number
  priceRange: readonly [number, number]
  subcategories: readonly (readonly [slug: string, searchTerms: readonly string[]])[]
}

export const SHOP_CATEGORY_SPECS: readonly ShopCategorySpec[] = [
  {
    slug: 'electronics',
    weight: 30,
    priceRange: [15, 1600],
    subcategories: [
      ['phones', ['iphone', 'samsung galaxy', 'android phone', 'phone case', 'usb c charger']],
      ['laptops', ['laptop', 'macbook', 'gaming laptop', 'laptop stand', 'chromebook']],
      ['headphones', ['wireless headphones', 'earbuds', 'noise cancelling', 'airpods']],
      ['cameras', ['mirrorless camera', 'action camera', 'tripod', 'sd card']],
      ['tv-audio', ['4k tv', 'soundbar', 'bluetooth speaker', 'hdmi cable']]
    ]
  },
  {
    slug: 'fashion',
    weight: 20,
    priceRange: [9, 240],
    subcategories: [
      ['women', ['summer dress', 'jeans', 'rain jacket', 'linen shirt']],
      ['men', ['t-shirt', 'chinos', 'hoodie', 'wool sweater']],
      ['shoes', ['running shoes', 'sneakers', 'boots', 'sandals']],
      ['accessories', ['backpack', 'sunglasses', 'watch', 'leather wallet']]
    ]
  },
  {
    slug: 'home-living',
    weight: 16,
    priceRange: [8, 900],
    subcategories: [
      ['kitchen', ['coffee maker', 'air fryer', 'knife set', 'frying pan']],
      ['furniture', ['desk chair', 'bookshelf', 'sofa', 'standing desk']],
      ['decor', ['lamp', 'mirror', 'plant pot', 'candles']],
      ['bedding', ['duvet', 'pillow', 'bed sheets']]
    ]
  },
  {
    slug: 'sports',
    weight: 12,
    priceRange: [10, 1200],
    subcategories: [
      ['fitness', ['yoga mat', 'dumbbells', 'resistance bands', 'kettlebell']],
      ['cycling', ['bike helmet', 'bike lights', 'road bike']],
      ['outdoor', ['tent', 'hiking boots', 'sleeping bag', 'water bottle']],
      ['running', ['running watch', 'running socks', 'hydration vest']]
    ]
  },
  {
    slug: 'books',
    weight: 9,
    priceRange: [6, 60],
    subcategories: [
      ['fiction', ['thriller', 'fantasy', 'crime novel', 'sci fi']],
      ['non-fiction', ['cookbook', 'biography', 'history', 'self help']],
      ['children', ['picture book', 'bedtime stories', 'activity book']]
    ]
  },
  {
    slug: 'beauty',
    weight: 8,
    priceRange: [5, 150],
    subcategories: [
      ['skincare', ['moisturiser', 'sunscreen', 'serum', 'face wash']],
      ['makeup', ['mascara', 'lipstick', 'foundation']],
      ['fragrance', ['perfume', 'eau de toilette', 'gift set']]
    ]
  },
  {
    slug: 'toys',
    weight: 5,
    priceRange: [7, 300],
    subcategories: [
      ['lego', ['lego', 'lego technic', 'lego city']],
      ['board-games', ['board game', 'puzzle', 'card game']],
      ['outdoor-play', ['trampoline', 'scooter', 'water gun']]
    ]
  }
]

import type { Random } from './seeded-random'
import { createRandom } from './seeded-random'
import { createWeightedSampler, zipfWeights, type WeightedSampler } from './weighted-sampler'
import { SHOP_CATEGORY_SPECS } from './shop-category-specs'

/** The simulated shop: a category tree, hundreds of products with Zipf popularity, search terms. */
export interface ShopCatalogue {
  categories: readonly ShopCategory[]
  subcategories: readonly ShopSubcategory[]
  products: readonly ShopProduct[]
  pickCategory(random: Random): ShopCategory
  /** A product by overall popularity (a few best sellers, a long tail). */
  pickPopularProduct(random: Random): ShopProduct
  /** A product of one subcategory, by popularity within it. */
  pickProductIn(subcategory: ShopSubcategory, random: Random): ShopProduct
}

export interface ShopCategory {
  path: string
  subcategories: readonly ShopSubcategory[]
}

export interface ShopSubcategory {
  path: string
  category: ShopCategory
  searchTerms: readonly string[]
  products: ShopProduct[]
  sampleProduct: WeightedSampler
}

export interface ShopProduct {
  id: string
  path: string
  subcategory: ShopSubcategory
  /** Price in USD. */
  price: number
}

const PRODUCT_COUNT = 720
const FIRST_PRODUCT_ID = 1001

/** Builds the catalogue for a seed; the same seed gives the same shop. */
export function createShopCatalogue(seed: number): ShopCatalogue {
  const random = createRandom(seed, 0x5a0b)
  const categories: ShopCategory[] = []
  const subcategories: ShopSubcategory[] = []
  for (const spec of SHOP_CATEGORY_SPECS) {
    const category: ShopCategory = { path: `/${spec.slug}`, subcategories: [] }
    const children = spec.subcategories.map(([slug, searchTerms]) => ({
      path: `/${spec.slug}/${slug}`,
      category,
      searchTerms,
      products: [] as ShopProduct[],
      sampleProduct: (): number => 0
    }))
    category.subcategories = children
    categories.push(category)
    subcategories.push(...children)
  }

  // Every subcategory gets at least a few products; the rest go where the category is big.
  const subcategoryWeights = subcategories.map((sub) => {
    const spec = SHOP_CATEGORY_SPECS.find((s) => `/${s.slug}` === sub.category.path)
    return spec?.weight ?? 1
  })
  const sampleSubcategory = createWeightedSampler(subcategoryWeights)
  const products: ShopProduct[] = []
  for (let index = 0; index < PRODUCT_COUNT; index++) {
    const subcategory =
      index < subcategories.length * 3
        ? (subcategories[index % subcategories.length] as ShopSubcategory)
        : (subcategories[sampleSubcategory(random)] as ShopSubcategory)
    const spec = SHOP_CATEGORY_SPECS.find((s) => `/${s.slug}` === subcategory.category.path)
    const [low, high] = spec?.priceRange ?? [5, 100]
    const price = Math.round(low * Math.pow(high / low, random.next()) * 100) / 100
    const id = String(FIRST_PRODUCT_ID + index)
    const product: ShopProduct = {
      id,
      path: `/product/${id}`,
      subcategory,
      price: endInNinetyNine(price)
    }
    products.push(product)
  }

  // Popularity rank is a shuffle, so the best sellers are spread over ids and categories.
  const byPopularity = shuffle(products, random)
  const samplePopular = createWeightedSampler(zipfWeights(byPopularity.length, 1.05))
  for (const product of byPopularity) product.subcategory.products.push(product)
  for (const sub of subcategories) {
    sub.sampleProduct = createWeightedSampler(zipfWeights(sub.products.length, 0.9))
  }
  const sampleCategory = createWeightedSampler(SHOP_CATEGORY_SPECS.map((spec) => spec.weight))

  return {
    categories,
    subcategories,
    products,
    pickCategory: (r) => categories[sampleCategory(r)] as ShopCategory,
    pickPopularProduct: (r) => byPopularity[samplePopular(r)] as ShopProduct,
    pickProductIn: (sub, r) => sub.products[sub.sampleProduct(r)] as ShopProduct
  }
}

function endInNinetyNine(price: number): number {
  const rounded = price < 10 ? Math.floor(price) + 0.99 : Math.floor(price) - 0.01
  return Math.round(rounded * 100) / 100
}

function shuffle<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}

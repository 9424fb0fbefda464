import type { Random } from './seeded-random'

/** Draws an index with probability proportional to its weight (cumulative table + binary search). */
export type WeightedSampler = (random: Random) => number

export function createWeightedSampler(weights: readonly number[]): WeightedSampler {
  const cumulative = new Float64Array(weights.length)
  let total = 0
  weights.forEach((weight, index) => {
    total += Math.max(0, weight)
    cumulative[index] = total
  })
  if (total <= 0) throw new Error('createWeightedSampler needs at least one positive weight')

  return (random) => {
    const target = random.next() * total
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((cumulative[middle] as number) > target) high = middle
      else low = middle + 1
    }
    return low
  }
}

/** Zipf-like weights `1 / rank^exponent` for ranks 1..count: a few hits and a long tail. */
export function zipfWeights(count: number, exponent: number): number[] {
  return Array.from({ length: count }, (_, index) => 1 / Math.pow(index + 1, exponent))
}

/** Picks one of the items, each weighted. */
export function createWeightedPicker<T>(entries: readonly (readonly [T, number])[]) {
  const sample = createWeightedSampler(entries.map(([, weight]) => weight))
  return (random: Random): T => (entries[sample(random)] as readonly [T, number])[0]
}

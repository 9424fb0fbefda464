import { describe, expect, it } from 'vitest'
import { createRandom, mixSeed } from '../../../src/main/data/demo/seeded-random'
import { createWeightedSampler, zipfWeights } from '../../../src/main/data/demo/weighted-sampler'

describe('seeded random', () => {
  it('repeats the same sequence for the same seed parts and differs for others', () => {
    const draw = (...parts: number[]): number[] => {
      const random = createRandom(...parts)
      return Array.from({ length: 5 }, () => random.next())
    }
    expect(draw(42, 7)).toEqual(draw(42, 7))
    expect(draw(42, 7)).not.toEqual(draw(42, 8))
    expect(draw(42, 7)).not.toEqual(draw(43, 7))
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1))
  })

  it('keeps draws in range', () => {
    const random = createRandom(1)
    for (let i = 0; i < 10_000; i++) {
      const value = random.next()
      expect(value >= 0 && value < 1).toBe(true)
      const int = random.int(3, 5)
      expect(int >= 3 && int <= 5 && Number.isInteger(int)).toBe(true)
    }
  })

  it('samples Zipf weights with a head and a long tail', () => {
    const random = createRandom(5)
    const sample = createWeightedSampler(zipfWeights(500, 1.05))
    const counts = new Array<number>(500).fill(0)
    for (let i = 0; i < 50_000; i++) {
      const index = sample(random)
      counts[index] = (counts[index] ?? 0) + 1
    }
    expect(counts[0]).toBeGreaterThan((counts[9] ?? 0) * 4)
    expect(counts.filter((count) => count > 0).length).toBeGreaterThan(400)
  })
})

import { performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** Timings of repeated runs of one measurement, in milliseconds. */
export interface RunStats {
  runs: number
  medianMs: number
  p95Ms: number
  minMs: number
  maxMs: number
  warmupMs: number
  samplesMs: number[]
}

/** The middle sample (mean of the two middle ones when even). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  if (sorted.length === 0) return Number.NaN
  if (sorted.length % 2 === 1) return sorted[mid] as number
  return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Nearest-rank percentile: with 7 samples p95 is the slowest, as it should be. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** Times `fn` once. */
export async function timeOnce<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await fn()
  return { ms: performance.now() - start, value }
}

/** One warm-up run, then `runs` timed runs; returns the stats and the last run's value. */
export async function timeRuns<T>(
  runs: number,
  fn: () => Promise<T> | T
): Promise<{ stats: RunStats; value: T }> {
  const warmup = await timeOnce(fn)
  const samples: number[] = []
  let value = warmup.value
  for (let i = 0; i < runs; i++) {
    const run = await timeOnce(fn)
    samples.push(run.ms)
    value = run.value
  }
  return { stats: statsOf(samples, warmup.ms), value }
}

/**
 * Two measurements to compare, timed in turns (one warm-up each, then `runs` rounds of one run
 * each, the first of the pair alternating), so neither always runs after the other: the one run
 * second otherwise pays the first's garbage. Returns each one's stats and last value.
 */
export async function timePairedRuns<A, B>(
  runs: number,
  first: () => Promise<A> | A,
  second: () => Promise<B> | B
): Promise<{ first: { stats: RunStats; value: A }; second: { stats: RunStats; value: B } }> {
  const warmups = [await timeOnce(first), await timeOnce(second)] as const
  let firstValue = warmups[0].value
  let secondValue = warmups[1].value
  const firstSamples: number[] = []
  const secondSamples: number[] = []
  const timeFirst = async (): Promise<void> => {
    const run = await timeOnce(first)
    firstSamples.push(run.ms)
    firstValue = run.value
  }
  const timeSecond = async (): Promise<void> => {
    const run = await timeOnce(second)
    secondSamples.push(run.ms)
    secondValue = run.value
  }
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      await timeFirst()
      await timeSecond()
    } else {
      await timeSecond()
      await timeFirst()
    }
  }
  return {
    first: { stats: statsOf(firstSamples, warmups[0].ms), value: firstValue },
    second: { stats: statsOf(secondSamples, warmups[1].ms), value: secondValue }
  }
}

function statsOf(samples: readonly number[], warmupMs: number): RunStats {
  return {
    runs: samples.length,
    medianMs: round(median(samples), 2),
    p95Ms: round(percentile(samples, 95), 2),
    minMs: round(Math.min(...samples), 2),
    maxMs: round(Math.max(...samples), 2),
    warmupMs: round(warmupMs, 2),
    samplesMs: samples.map((ms) => round(ms, 2))
  }
}

export interface MemorySnapshot {
  heapUsedMb: number
  rssMb: number
  externalMb: number
}

/** A full garbage collection, so memory figures count live data, not garbage. */
export const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc')
  // A fresh context created after the flag gets the `gc` global.
  return runInNewContext('gc') as () => void
})()

/** Memory after a full garbage collection. */
export function memorySnapshot(): MemorySnapshot {
  collectGarbage()
  const usage = process.memoryUsage()
  const mb = (bytes: number) => round(bytes / 1024 / 1024, 1)
  return { heapUsedMb: mb(usage.heapUsed), rssMb: mb(usage.rss), externalMb: mb(usage.external) }
}

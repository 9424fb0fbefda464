import { describe, expect, it } from 'vitest'
import { readAhead } from '../../../src/main/engine/read-ahead'

/** Lets every pending promise and I/O callback run (no timer, no fixed wait). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

/**
 * A source of `count` items whose every fetch waits until the test releases it (as a getMore
 * waits for the server); it logs each fetch it starts and its close. `failAt` fails that fetch.
 */
function gatedSource(count: number, options: { failAt?: number; signal?: AbortSignal } = {}) {
  const log: string[] = []
  const gates: (() => void)[] = []
  async function* items(): AsyncGenerator<number, void, undefined> {
    try {
      for (let i = 0; i < count; i++) {
        log.push(`fetch ${i}`)
        await new Promise<void>((resolve) => gates.push(resolve))
        if (options.signal?.aborted) throw new Error('cancelled')
        if (i === options.failAt) throw new Error(`fetch ${i} failed`)
        yield i
      }
    } finally {
      log.push('closed')
    }
  }
  const release = (): void => {
    const gate = gates.shift()
    if (!gate) throw new Error('no fetch waiting')
    gate()
  }
  return { items: items(), log, release }
}

describe('readAhead', () => {
  it('keeps the order and gives every item once', async () => {
    async function* uneven(): AsyncGenerator<number> {
      for (let i = 0; i < 50; i++) {
        if (i % 3 === 0) await new Promise<void>((resolve) => setImmediate(resolve))
        yield i
      }
    }
    for (const depth of [1, 2, 5]) {
      const seen: number[] = []
      for await (const item of readAhead(uneven(), depth)) seen.push(item)
      expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i))
    }
    const empty: number[] = []
    for await (const item of readAhead(gatedSource(0).items, 1)) empty.push(item)
    expect(empty).toEqual([])
  })

  it('fetches the next item while the consumer holds one, and never more than depth ahead', async () => {
    for (const depth of [1, 2]) {
      const source = gatedSource(10)
      const reader = readAhead(source.items, depth)
      const first = reader.next()
      await settle()
      expect(source.log).toEqual(['fetch 0'])
      source.release()
      expect(await first).toEqual({ done: false, value: 0 })
      // The consumer holds item 0: item 1 is already on its way (the overlap).
      await settle()
      expect(source.log).toEqual(['fetch 0', 'fetch 1'])
      for (let i = 1; i < depth; i++) {
        source.release()
        await settle()
      }
      source.release()
      await settle()
      // `depth` items are ready or in flight and the consumer has not asked: nothing more.
      expect(source.log).toEqual(Array.from({ length: depth + 1 }, (_, i) => `fetch ${i}`))
      expect(await reader.next()).toEqual({ done: false, value: 1 })
      await settle()
      expect(source.log.at(-1)).toBe(`fetch ${depth + 1}`)
      const stopping = reader.return()
      source.release()
      await stopping
      expect(source.log.at(-1)).toBe('closed')
    }
  })

  it('gives the items before a failure, then the failure, and closes the source', async () => {
    const source = gatedSource(10, { failAt: 2 })
    const seen: number[] = []
    const reading = (async () => {
      for await (const item of readAhead(source.items, 2)) seen.push(item)
    })()
    for (let i = 0; i <= 2; i++) {
      await settle()
      source.release()
    }
    await expect(reading).rejects.toThrow('fetch 2 failed')
    expect(seen).toEqual([0, 1])
    expect(source.log).toEqual(['fetch 0', 'fetch 1', 'fetch 2', 'closed'])
  })

  it('a consumer that stops lets the fetch in flight finish, asks for nothing more, closes the source', async () => {
    for (const stop of ['return', 'throw'] as const) {
      const source = gatedSource(10)
      const reader = readAhead(source.items, 1)
      const first = reader.next()
      await settle()
      source.release()
      expect(await first).toEqual({ done: false, value: 0 })
      await settle()
      expect(source.log).toEqual(['fetch 0', 'fetch 1'])
      let stopped = false
      const stopping = (
        stop === 'return' ? reader.return() : reader.throw(new Error('disk full'))
      ).then(
        () => (stopped = true),
        (error: unknown) => {
          stopped = true
          throw error
        }
      )
      await settle()
      // Not ended before the source is closed, and the source is not closed under a fetch.
      expect(stopped).toBe(false)
      expect(source.log).toEqual(['fetch 0', 'fetch 1'])
      source.release()
      if (stop === 'return') await stopping
      else await expect(stopping).rejects.toThrow('disk full')
      expect(source.log).toEqual(['fetch 0', 'fetch 1', 'closed'])
    }
  })

  it('an abort seen by the source reaches the consumer and the source is closed', async () => {
    const controller = new AbortController()
    const source = gatedSource(10, { signal: controller.signal })
    const seen: number[] = []
    const reading = (async () => {
      for await (const item of readAhead(source.items, 1)) seen.push(item)
    })()
    await settle()
    source.release()
    await settle()
    controller.abort()
    source.release()
    await expect(reading).rejects.toThrow('cancelled')
    expect(seen).toEqual([0])
    expect(source.log).toEqual(['fetch 0', 'fetch 1', 'closed'])
  })

  it('refuses a depth that is not a positive whole number', async () => {
    await expect(readAhead(gatedSource(1).items, 0).next()).rejects.toThrow(RangeError)
  })
})

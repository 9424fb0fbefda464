/**
 * The items of `source`, read up to `depth` items ahead of the consumer: while the consumer works
 * on one item (formats and writes a batch), the next ones are already being fetched (a cursor's
 * getMore), so the two overlap instead of taking turns. Bounded: besides the item the consumer
 * holds, at most `depth` items are fetched or waiting. Order is kept; a failure of the source
 * reaches the consumer at the item where it happened. The source is asked one `next()` at a time,
 * each after the previous one settled. When the consumer stops early (`return()`, which
 * `stream.pipeline` calls on cancel, or a failure downstream), nothing more is asked for, the
 * fetch in flight is let finish, and the source is closed (`return()`, awaited) before this ends.
 */
export async function* readAhead<T>(
  source: AsyncIterable<T>,
  depth: number
): AsyncGenerator<T, void, undefined> {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`Bad read-ahead depth ${depth}`)
  const iterator = source[Symbol.asyncIterator]()
  const ended: IteratorResult<T> = { done: true, value: undefined }
  let stopped = false
  let last: Promise<IteratorResult<T>> | undefined
  const ahead: Promise<IteratorResult<T>>[] = []
  const fetchNext = (): void => {
    const previous = last
    const next = previous
      ? previous.then((result) => (result.done || stopped ? ended : iterator.next()))
      : iterator.next()
    // Its failure is read when the consumer reaches it, or dropped once the consumer has stopped.
    next.catch(() => undefined)
    ahead.push(next)
    last = next
  }
  try {
    for (;;) {
      while (ahead.length <= depth) fetchNext()
      const result = await (ahead.shift() as Promise<IteratorResult<T>>)
      if (result.done) return
      yield result.value
    }
  } finally {
    stopped = true
    await Promise.allSettled(ahead)
    await iterator.return?.()
  }
}

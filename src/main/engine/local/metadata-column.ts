import {
  VALUE_FALSE,
  VALUE_NULL,
  VALUE_NUMBER,
  VALUE_OTHER,
  VALUE_TRUE,
  VALUE_UNDEFINED
} from './columns/metadata-columns-builder'
import { StringPool } from './string-pool'

/** A value kept in an event's extra fields (not in the column): read the document for it. */
export const IN_EXTRAS: unique symbol = Symbol('in extras')

/**
 * The values of one `metadata.<key>`, sparse: the load positions of the events that have the key
 * (ascending), a tag per event (a code in `strings`, or a kind: see the builder) and the numbers.
 */
export class MetadataColumn {
  private stringPool: StringPool | null = null

  constructor(
    readonly key: string,
    readonly positions: Int32Array,
    readonly tags: Int32Array,
    readonly numbers: Float64Array | null,
    private readonly readStrings: () => string[]
  ) {}

  get strings(): StringPool {
    this.stringPool ??= new StringPool(this.readStrings())
    return this.stringPool
  }

  /** The entry of the event at load position `load`, or -1 when it lacks the key. */
  entryOf(load: number): number {
    const positions = this.positions
    let low = 0
    let high = positions.length - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const at = positions[middle] as number
      if (at === load) return middle
      if (at < load) low = middle + 1
      else high = middle - 1
    }
    return -1
  }

  /**
   * `entryOf` for a walk whose loads mostly ascend (events in event order are mostly in load
   * order): it gallops on from the last answer, so a whole walk costs about one pass over the
   * column instead of a binary search per event. Any order is answered correctly.
   */
  entryCursor(): (load: number) => number {
    const positions = this.positions
    const n = positions.length
    // The first entry at or after the last load asked for.
    let at = 0
    return (load) => {
      if (at < n && (positions[at] as number) < load) {
        let low = at
        let step = 1
        while (low + step < n && (positions[low + step] as number) < load) {
          low += step
          step *= 2
        }
        at = firstAtOrAfter(positions, load, low + 1, Math.min(low + step, n))
      } else if (at > 0 && (positions[at - 1] as number) >= load) {
        at = firstAtOrAfter(positions, load, 0, at - 1)
      }
      return at < n && positions[at] === load ? at : -1
    }
  }

  /** The value of entry k; `IN_EXTRAS` for values kept in the event's extra fields. */
  valueOf(k: number): unknown {
    const tag = this.tags[k] as number
    if (tag >= 0) return this.strings.values[tag]
    switch (tag) {
      case VALUE_NUMBER:
        return (this.numbers as Float64Array)[k]
      case VALUE_TRUE:
        return true
      case VALUE_FALSE:
        return false
      case VALUE_NULL:
        return null
      case VALUE_UNDEFINED:
        return undefined
      case VALUE_OTHER:
      default:
        return IN_EXTRAS
    }
  }

  /** Calls `found(load)` for every event whose value is exactly `value` (=== semantics). */
  forEachEqual(value: string | number | boolean, found: (load: number) => void): void {
    const { positions, tags } = this
    if (typeof value === 'string') {
      const code = this.strings.codeOf(value)
      if (code < 0) return
      for (let k = 0; k < tags.length; k++) if (tags[k] === code) found(positions[k] as number)
    } else if (typeof value === 'number') {
      const numbers = this.numbers
      if (!numbers) return
      for (let k = 0; k < tags.length; k++) {
        if (tags[k] === VALUE_NUMBER && numbers[k] === value) found(positions[k] as number)
      }
    } else {
      const tag = value ? VALUE_TRUE : VALUE_FALSE
      for (let k = 0; k < tags.length; k++) if (tags[k] === tag) found(positions[k] as number)
    }
  }
}

/** The first index in [low, high] whose position is >= load (high when none before it is). */
function firstAtOrAfter(positions: Int32Array, load: number, low: number, high: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((positions[middle] as number) < load) low = middle + 1
    else high = middle
  }
  return low
}

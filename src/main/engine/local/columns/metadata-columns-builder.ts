import { BytesInterner } from './bytes-interner'
import { float64Column, int32Column } from './growable-column'
import { internText } from './interned-values'

/*
 * `metadata.<key>` values, one sparse column per key: the events (by load position) that have the
 * key, and per event a tag: a string's code in the key's own string table (>= 0), or one of the
 * kinds below. Numbers are kept beside the tags. Values of any other kind (objects, arrays, dates,
 * decimals...) are `VALUE_OTHER` here and kept whole in the event's extra fields.
 */
export const VALUE_NUMBER = -1
export const VALUE_FALSE = -2
export const VALUE_TRUE = -3
export const VALUE_NULL = -4
export const VALUE_OTHER = -5
export const VALUE_UNDEFINED = -6

/** The column of one metadata key while loading. */
export class MetadataKeyColumnBuilder {
  readonly positions = int32Column()
  readonly tags = int32Column()
  readonly numbers = float64Column()
  readonly strings = new BytesInterner()
  numberCount = 0

  constructor(readonly key: string) {}

  add(position: number, tag: number, number = 0): void {
    this.positions.push(position)
    this.tags.push(tag)
    this.numbers.push(number)
    if (tag === VALUE_NUMBER) this.numberCount++
  }

  /** Adds a JavaScript value; returns false when it is of a kind kept in the extra fields. */
  addValue(position: number, value: unknown): boolean {
    switch (typeof value) {
      case 'string':
        this.add(position, internText(this.strings, value))
        return true
      case 'number':
        this.add(position, VALUE_NUMBER, value)
        return true
      case 'boolean':
        this.add(position, value ? VALUE_TRUE : VALUE_FALSE)
        return true
      case 'undefined':
        this.add(position, VALUE_UNDEFINED)
        return true
      default:
        if (value === null) {
          this.add(position, VALUE_NULL)
          return true
        }
        this.add(position, VALUE_OTHER)
        return false
    }
  }
}

/** Every metadata key seen while loading, with its column. */
export class MetadataColumnsBuilder {
  readonly keys = new BytesInterner()
  readonly columns: MetadataKeyColumnBuilder[] = []

  /** The column index of a key, given as text. */
  keyIndex(key: string): number {
    const index = internText(this.keys, key)
    if (index === this.columns.length) this.columns.push(new MetadataKeyColumnBuilder(key))
    return index
  }

  column(index: number): MetadataKeyColumnBuilder {
    return this.columns[index] as MetadataKeyColumnBuilder
  }
}

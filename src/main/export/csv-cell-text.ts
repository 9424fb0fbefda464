import type { Stringifier } from 'csv-stringify'
import { FIRST_FOUR_DIGIT_YEAR_MS, isoTimeText, LAST_FOUR_DIGIT_YEAR_MS } from './csv-cells'
import { createCsvStringifier, type CsvWriteOptions } from './csv-stringifier'

/** csv-stringify's record formatter (present on every Stringifier, absent from its .d.ts). */
interface StringifierApi {
  stringify(record: readonly unknown[]): [Error | undefined, string | undefined]
}

/** A character csv-stringify quotes a field for (delimiter, quote, CR, LF). */
const NEEDS_QUOTES = /[",\r\n]/

/**
 * The text of one CSV field exactly as csv-stringify writes it with our options (cast, RFC 4180
 * quoting, formula guard). csv-stringify stays the authority: values it would leave untouched
 * (plain text, numbers, ISO dates) skip it, every other value goes through its own formatter.
 * Used by the columnar fast path, which writes whole chunks of rows without a stream per row.
 */
export class CsvCellText {
  private readonly api: StringifierApi

  constructor(options: CsvWriteOptions) {
    const stringifier: Stringifier = createCsvStringifier(['value'], options)
    this.api = (stringifier as unknown as { api: StringifierApi }).api
  }

  /** The field text of a typed cell (undefined and null: empty). */
  of(value: unknown): string {
    switch (typeof value) {
      case 'string':
        // Text that needs no quotes and does not start like a formula is written as it is.
        if (value === '' || (!startsLikeFormula(value) && !NEEDS_QUOTES.test(value))) return value
        break
      case 'number':
        // Digits, '.', 'e', signs, NaN, Infinity: never quoted, and the guard spares numbers.
        return String(value)
      case 'undefined':
        return ''
      case 'object':
        if (value === null) return ''
        // Hex digits need no quotes and never look like a formula (objectCell writes the same).
        if ((value as { _bsontype?: unknown })._bsontype === 'ObjectId') {
          return (value as { toHexString(): string }).toHexString()
        }
        if (value instanceof Date) {
          const time = value.getTime()
          // Years 0000-9999 start with a digit; others ('+010000-', '-000001-') go the slow way.
          if (time >= FIRST_FOUR_DIGIT_YEAR_MS && time <= LAST_FOUR_DIGIT_YEAR_MS) {
            return isoTimeText(time)
          }
        }
        break
    }
    return this.slow(value)
  }

  /** A whole record (no record delimiter), as csv-stringify writes it. */
  record(cells: readonly unknown[]): string {
    let text = ''
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) text += ','
      text += this.of(cells[i])
    }
    return text
  }

  private slow(value: unknown): string {
    const [error, text] = this.api.stringify([value])
    if (error) throw error
    return text ?? ''
  }
}

/** First characters csv-stringify's formula guard looks at (some are spared for numbers). */
function startsLikeFormula(text: string): boolean {
  switch (text.charCodeAt(0)) {
    case 0x3d: // =
    case 0x2b: // +
    case 0x2d: // -
    case 0x40: // @
    case 0x09: // tab
    case 0x0d: // CR
    case 0xff1d: // full-width =
    case 0xff0b: // full-width +
    case 0xff0d: // full-width -
    case 0xff20: // full-width @
      return true
    default:
      return false
  }
}

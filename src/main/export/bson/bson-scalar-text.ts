import type { CsvCellText } from '../csv-cell-text'
import { FIRST_FOUR_DIGIT_YEAR_MS, isoTimeText, LAST_FOUR_DIGIT_YEAR_MS } from '../csv-cells'
import { BSON, int64Number, utf8Text } from './bson-bytes'

/**
 * The CSV field of a scalar BSON value read from its bytes (the value of an element of `type`
 * between `start` and `end`): the text `cells.of` writes for the value the driver would give.
 * Null for what is left to the bson package: documents, arrays, Decimal128, binary, regular
 * expressions and other rare types, int64 beyond ±2^53 (a Long), dates outside years 0000-9999,
 * and bytes that may not be valid (a boolean other than 0 or 1, text that may not be UTF-8).
 */
export function bsonScalarText(
  bytes: Buffer,
  type: number,
  start: number,
  end: number,
  cells: CsvCellText
): string | null {
  switch (type) {
    case BSON.string: {
      const text = utf8Text(bytes, start + 4, end - 1)
      return text === null ? null : cells.of(text)
    }
    case BSON.int32:
      return String(bytes.readInt32LE(start))
    case BSON.double:
      return String(bytes.readDoubleLE(start))
    case BSON.int64: {
      const value = int64Number(bytes, start)
      return value === null ? null : String(value)
    }
    case BSON.date: {
      const time = int64Number(bytes, start)
      if (time === null || time < FIRST_FOUR_DIGIT_YEAR_MS || time > LAST_FOUR_DIGIT_YEAR_MS) {
        return null
      }
      return isoTimeText(time)
    }
    case BSON.objectId:
      // ObjectId's toHexString: lower-case hex, never quoted, never like a formula.
      return bytes.toString('hex', start, start + 12)
    case BSON.boolean: {
      const byte = bytes[start]
      return byte === 1 ? 'true' : byte === 0 ? 'false' : null
    }
    case BSON.null:
    case BSON.undefined:
      return ''
    default:
      return null
  }
}

import { escapeRegExp } from '../rules/escape-regexp'
import type { Expr } from './pipeline-spec'

/**
 * Small builders for aggregation expressions the pipelines share. Values that come from a query are
 * always wrapped in `$literal`, so a text starting with `$` is never read as a field path.
 */

export function literal(value: unknown): Expr {
  return { $literal: value }
}

/** `value` when it is a string, else `fallback` (a number or a missing field gives the fallback). */
export function stringOr(value: Expr, fallback: string): Expr {
  return { $cond: [{ $eq: [{ $type: value }, 'string'] }, value, fallback] }
}

/** `expr` is a string. */
export function isString(value: Expr): Expr {
  return { $eq: [{ $type: value }, 'string'] }
}

/**
 * Bit `bit` (0-based) of a non-negative integer. MongoDB 5.0 has no `$bitAnd` (added in 6.3), so
 * the bit is read arithmetically: `floor(m / 2^bit) mod 2`.
 */
export function bitOf(mask: Expr, bit: number): Expr {
  if (bit === 0) return { $mod: [mask, 2] }
  return { $mod: [{ $floor: { $divide: [mask, 2 ** bit] } }, 2] }
}

/** Bit `bit` of `mask` is set. */
export function hasBit(mask: Expr, bit: number): Expr {
  return { $eq: [bitOf(mask, bit), 1] }
}

/** `$ifNull` for a value that may be missing, an explicit `null` included. */
export function isNull(value: Expr): Expr {
  return { $eq: [{ $ifNull: [value, null] }, null] }
}

/** Element `index` (a constant or an expression) of an array expression. */
export function at(array: Expr, index: Expr): Expr {
  return { $arrayElemAt: [array, index] }
}

/** An anchored regex source for a literal prefix (a raw NUL byte is not allowed in a BSON regex). */
export function prefixRegex(prefix: string): string {
  return `^${escapeRegExp(prefix).replace(/\0/g, '\\x00')}`
}

/** The array with consecutive repeats merged into one (`[a, a, b, a]` → `[a, b, a]`). */
export function withoutConsecutiveRepeats(array: Expr): Expr {
  return {
    $map: {
      input: {
        $filter: {
          input: { $range: [0, { $size: array }] },
          as: 'i',
          cond: {
            $or: [
              { $eq: ['$$i', 0] },
              { $ne: [at(array, '$$i'), at(array, { $subtract: ['$$i', 1] })] }
            ]
          }
        }
      },
      as: 'i',
      in: at(array, '$$i')
    }
  }
}

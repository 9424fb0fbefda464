/** BSON type of an id for ordering: numbers < strings < ObjectIds (anything else sorts last). */
function idTypeRank(id: unknown): number {
  if (typeof id === 'number') return 0
  if (typeof id === 'string') return 1
  if (isObjectIdLike(id)) return 2
  return 3
}

/** True for a bson ObjectId from any build (checked by its tag, not by `instanceof`). */
export function isObjectIdLike(value: unknown): value is { toHexString(): string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { _bsontype?: unknown })._bsontype === 'ObjectId'
  )
}

/**
 * Compares two strings by their UTF-8 bytes (that is, by code point), as MongoDB does. JavaScript's
 * `<` compares UTF-16 code units, which differs only when a surrogate meets a unit in U+E000..U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (0xD800..0xDFFF) stand for code points above 0xFFFF: move them past 0xFFFF.
      x = x < 0xe000 ? x + 0x2000 : x - 0x800
      y = y < 0xe000 ? y + 0x2000 : y - 0x800
    }
    return x < y ? -1 : 1
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1
}

/** Orders ids as MongoDB sorts them: numbers, then strings (UTF-8 bytes), then ObjectIds (bytes). */
export function compareIds(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return compareUtf8(a, b)
  const rankA = idTypeRank(a)
  const rankB = idTypeRank(b)
  if (rankA !== rankB) return rankA < rankB ? -1 : 1
  if (rankA === 0) {
    const x = a as number
    const y = b as number
    return x < y ? -1 : x > y ? 1 : 0
  }
  if (rankA === 2) {
    // Lowercase hex of the 12 bytes sorts exactly as the bytes do.
    const x = (a as { toHexString(): string }).toHexString()
    const y = (b as { toHexString(): string }).toHexString()
    return x < y ? -1 : x > y ? 1 : 0
  }
  return compareUtf8(String(a), String(b))
}

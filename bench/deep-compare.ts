/**
 * Where two results differ, or null when they are equal the way the parity tests' `toEqual` sees
 * it: keys holding `undefined` count as absent, Dates compare by time, ObjectIds by hex.
 */
export function firstDifference(actual: unknown, expected: unknown, path = '$'): string | null {
  if (Object.is(actual, expected)) return null
  if (actual instanceof Date || expected instanceof Date) {
    const same =
      actual instanceof Date && expected instanceof Date && actual.getTime() === expected.getTime()
    return same ? null : `${path}: ${show(actual)} != ${show(expected)}`
  }
  const hexA = objectIdHex(actual)
  const hexB = objectIdHex(expected)
  if (hexA !== null || hexB !== null) {
    return hexA === hexB ? null : `${path}: ${show(actual)} != ${show(expected)}`
  }
  if (typeof actual !== 'object' || typeof expected !== 'object' || !actual || !expected) {
    return `${path}: ${show(actual)} != ${show(expected)}`
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return `${path}: array vs object`
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) {
      return `${path}: length ${actual.length} != ${expected.length}`
    }
    for (let i = 0; i < actual.length; i++) {
      const found = firstDifference(actual[i], expected[i], `${path}[${i}]`)
      if (found) return found
    }
    return null
  }
  const a = actual as Record<string, unknown>
  const b = expected as Record<string, unknown>
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const key of [...keys].sort()) {
    const found = firstDifference(a[key], b[key], `${path}.${key}`)
    if (found) return found
  }
  return null
}

function objectIdHex(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null
  const candidate = value as { _bsontype?: unknown; toHexString?: () => string }
  return candidate._bsontype === 'ObjectId' && typeof candidate.toHexString === 'function'
    ? candidate.toHexString()
    : null
}

function show(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : JSON.stringify(value)
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}

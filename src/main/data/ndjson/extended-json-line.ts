import { EJSON, ObjectId } from 'bson'
import { formatRelaxedDate } from './relaxed-date-format'

/**
 * One document as relaxed Extended JSON (what `mongoexport` writes): exactly `EJSON.stringify(doc,
 * { relaxed: true })`, but several times faster for the common types (strings, finite numbers,
 * booleans, null, Date, ObjectId, plain objects and arrays). Anything else goes through EJSON.
 */
export function toExtendedJsonLine(document: unknown): string {
  const fast = stringifyFast(document)
  return fast ?? EJSON.stringify(document, { relaxed: true })
}

/** `undefined` when the value holds something only EJSON knows how to write. */
function stringifyFast(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object':
      if (value === null) return 'null'
      if (value instanceof Date) {
        const text = formatRelaxedDate(value.getTime())
        return text === undefined ? undefined : `{"$date":"${text}"}`
      }
      if (value instanceof ObjectId) return `{"$oid":"${value.toHexString()}"}`
      if (Array.isArray(value)) return stringifyArray(value)
      if (Object.getPrototypeOf(value) === Object.prototype) {
        return stringifyObject(value as Record<string, unknown>)
      }
      return undefined
    default:
      return undefined
  }
}

function stringifyArray(items: readonly unknown[]): string | undefined {
  const parts: string[] = []
  for (const item of items) {
    const text = item === undefined ? 'null' : stringifyFast(item)
    if (text === undefined) return undefined
    parts.push(text)
  }
  return `[${parts.join(',')}]`
}

/**
 * Native JSON.stringify writes such an object exactly as EJSON does (relaxed mode writes finite
 * numbers as plain numbers), and much faster than walking it here.
 */
function holdsOnlyJsonScalars(object: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const key of keys) {
    if (key.charCodeAt(0) === 36) return false
    const field = object[key]
    const type = typeof field
    if (type === 'string' || type === 'boolean' || field === null) continue
    if (type !== 'number' || !Number.isFinite(field)) return false
  }
  return true
}

/** Quoted keys, remembered: documents repeat a handful of field names millions of times. */
const quotedKeys = new Map<string, string>()

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key)
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted)
  }
  return quoted
}

function stringifyObject(object: Record<string, unknown>): string | undefined {
  const keys = Object.keys(object)
  if (holdsOnlyJsonScalars(object, keys)) return JSON.stringify(object)
  let out = '{'
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string
    const field = object[key]
    // EJSON writes undefined fields as null and treats `$`-keys specially: keep its rules for those.
    if (field === undefined || key.charCodeAt(0) === 36) return undefined
    const text = stringifyFast(field)
    if (text === undefined) return undefined
    out += index === 0 ? quoteKey(key) + text : `,${quoteKey(key)}${text}`
  }
  return `${out}}`
}

import { isObjectIdLike } from './compare-ids'

/**
 * A stable string for an id, for use as a Map or Set key: `s:<string>`, `o:<24 hex>`, `n:<number>`.
 * Two ids have one key exactly when MongoDB considers them equal.
 */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return `s:${id}`
  if (isObjectIdLike(id)) return `o:${id.toHexString()}`
  if (typeof id === 'number') return `n:${id}`
  return `x:${String(id)}`
}

const OBJECT_ID_HEX = /^[0-9a-fA-F]{24}$/

/** Whether a text spells an ObjectId: 24 hex digits, in either case. */
export function spellsObjectId(text: string): boolean {
  return OBJECT_ID_HEX.test(text)
}

/**
 * The keys an id typed as text can stand for: the string itself and, when it spells 24 hex digits,
 * the ObjectId with those bytes (hex case does not matter).
 */
export function idKeysForText(text: string): string[] {
  const keys = [`s:${text}`]
  if (spellsObjectId(text)) keys.push(`o:${text.toLowerCase()}`)
  return keys
}

/** Whether an id equals the text, or the ObjectId the text spells. */
export function idMatchesText(id: unknown, text: string): boolean {
  if (typeof id === 'string') return id === text
  if (isObjectIdLike(id)) return spellsObjectId(text) && id.toHexString() === text.toLowerCase()
  return false
}

/*
 * Raw documents as CSV rows: nested plain objects are flattened into `a.b` columns; arrays, dates,
 * BSON values (ObjectId, Decimal128, ...) and empty objects are single cells (arrays as JSON).
 */

/** A value whose fields become their own columns: a non-empty plain object. */
function isNestedObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  if ((value as { _bsontype?: unknown })._bsontype !== undefined) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return false
  for (const _key in value) return true
  return false
}

/** Calls `visit` with the column path of every leaf of a document, in field order. */
export function forEachLeafPath(
  document: Record<string, unknown>,
  visit: (path: string) => void,
  prefix = ''
): void {
  for (const key of Object.keys(document)) {
    const value = document[key]
    const path = prefix === '' ? key : `${prefix}.${key}`
    if (isNestedObject(value)) forEachLeafPath(value, visit, path)
    else visit(path)
  }
}

/** The columns of some documents: `_id` first, then every other path in the order first seen. */
export function discoverColumns(documents: Iterable<Record<string, unknown>>): string[] {
  const seen = new Set<string>()
  for (const document of documents) {
    forEachLeafPath(document, (path) => {
      seen.add(path)
    })
  }
  const columns = [...seen]
  const id = columns.indexOf('_id')
  if (id > 0) {
    columns.splice(id, 1)
    columns.unshift('_id')
  }
  return columns
}

/**
 * The value at a column path (undefined when any step is missing or not an object). Only a field's
 * own keys count: a column named `constructor` or `toString` is empty in a document without that
 * field, not the member every object inherits.
 */
export function compilePathReader(path: string): (document: Record<string, unknown>) => unknown {
  const segments = path.split('.')
  if (segments.length === 1) {
    return (document) => (Object.hasOwn(document, path) ? document[path] : undefined)
  }
  return (document) => {
    let value: unknown = document
    for (const segment of segments) {
      if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) {
        return undefined
      }
      value = (value as Record<string, unknown>)[segment]
    }
    return value
  }
}

const MAX_NAMED_FIELDS = 20

/**
 * Notices fields of documents that have no column (the columns came from a sample, or the person
 * chose fewer), so the export can say what the file leaves out instead of dropping it silently.
 */
export class UnlistedFields {
  private readonly known: Set<string>
  private readonly names = new Set<string>()
  private documents = 0

  constructor(columns: Iterable<string>) {
    this.known = new Set(columns)
  }

  private readonly byLeafPaths = new Map<readonly string[], boolean>()

  check(document: Record<string, unknown>): void {
    let unlisted = false as boolean
    forEachLeafPath(document, (path) => {
      if (this.notice(path)) unlisted = true
    })
    if (unlisted) this.documents++
  }

  /**
   * `check` for a document given by its leaf paths (in `forEachLeafPath` order); an array seen
   * before (documents of one shape share theirs) is answered from memory.
   */
  checkLeafPaths(paths: readonly string[]): void {
    let unlisted = this.byLeafPaths.get(paths)
    if (unlisted === undefined) {
      unlisted = false
      for (const path of paths) if (this.notice(path)) unlisted = true
      this.byLeafPaths.set(paths, unlisted)
    }
    if (unlisted) this.documents++
  }

  /** Whether a path has no column (named, up to MAX_NAMED_FIELDS, when it has none). */
  private notice(path: string): boolean {
    if (this.known.has(path)) return false
    if (this.names.size < MAX_NAMED_FIELDS) this.names.add(path)
    return true
  }

  /** One sentence for the export's warnings, or null when every field had its column. */
  note(): string | null {
    if (this.documents === 0) return null
    const count = this.documents.toLocaleString('en-US')
    const more = this.names.size === MAX_NAMED_FIELDS ? ', …' : ''
    return `${count} document${this.documents === 1 ? ' has' : 's have'} fields that are not columns of the file: ${[...this.names].join(', ')}${more}.`
  }
}

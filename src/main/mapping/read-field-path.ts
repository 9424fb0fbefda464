/**
 * The value at a dotted field path of a document (`properties.path`), or undefined when a step is
 * missing or not an object. Arrays are not walked: a role names one value.
 */
export function readFieldPath(document: unknown, path: string): unknown {
  let value: unknown = document
  for (const name of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    value = (value as Record<string, unknown>)[name]
  }
  return value
}

/**
 * An aggregation expression that reads a dotted field path. Plain paths are `"$a.b"`; a path with a
 * segment that starts with `$` or holds a `.`-free but `$`-bearing name (PostHog's
 * `properties.$current_url`) cannot be written that way, so it becomes nested `$getField`s
 * (MongoDB 5.0+), each reading one segment literally.
 */
export function fieldPathExpression(path: string): unknown {
  const segments = path.split('.')
  if (segments.every((segment) => !segment.includes('$'))) return `$${path}`
  let expression: unknown = '$$CURRENT'
  for (const segment of segments) {
    expression = { $getField: { field: { $literal: segment }, input: expression } }
  }
  return expression
}

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Every `$` name the engine's own source code spells (`$match`, `$gte`, `$$value`, ...): the only
 * operators a command may carry. A `$` key in a command that is not among them came from elsewhere,
 * that is, from a payload. Read from the source, so a new pipeline stage is known without a list.
 */
export function engineOperatorVocabulary(sourceDirs: readonly string[]): Set<string> {
  const vocabulary = new Set<string>()
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry))
      return
    }
    if (!path.endsWith('.ts')) return
    for (const match of readFileSync(path, 'utf8').matchAll(
      /\$\$?[A-Za-z_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?/g
    )) {
      vocabulary.add(match[0])
    }
  }
  for (const dir of sourceDirs) visit(dir)
  return vocabulary
}

/** Every string in a payload (keys and values, at any depth) that starts with `$`. */
export function dollarStringsOf(value: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (depth > 10_000) return found
  if (typeof value === 'string') {
    if (value.startsWith('$')) found.add(value)
  } else if (Array.isArray(value)) {
    for (const item of value) dollarStringsOf(item, found, depth + 1)
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      if (key.startsWith('$')) found.add(key)
      dollarStringsOf((value as Record<string, unknown>)[key], found, depth + 1)
    }
  }
  return found
}

type Context = 'query' | 'expression' | 'literal' | 'plain'

export interface CommandViolation {
  command: string
  path: string
  problem: string
}

/**
 * What is wrong with one command a driver sent, for a payload whose `$` strings are
 * `payloadDollars`: a `$` key the engine never spells (an operator smuggled in), a forbidden
 * operator, or a payload's `$` string where the server reads it as a field path or variable (an
 * aggregation expression outside `$literal`). In a query (find filter, `$match` outside `$expr`) a
 * string value is always a literal, so it may appear there.
 */
export function auditCommand(
  command: Record<string, unknown>,
  payloadDollars: ReadonlySet<string>,
  vocabulary: ReadonlySet<string>
): CommandViolation[] {
  const name = Object.keys(command)[0] ?? '?'
  const violations: CommandViolation[] = []
  const walk = (value: unknown, context: Context, path: string, depth: number): void => {
    if (depth > 1000) {
      violations.push({ command: name, path, problem: 'nested more than 1000 levels' })
      return
    }
    if (typeof value === 'string') {
      // A text the engine itself spells (`$eventType`) cannot be told apart, so only others count.
      if (context === 'expression' && payloadDollars.has(value) && !vocabulary.has(value)) {
        violations.push({
          command: name,
          path,
          problem: `payload text ${clip(value)} read as a field path`
        })
      }
      return
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, context, `${path}[${index}]`, depth + 1)
      })
      return
    }
    if (typeof value !== 'object' || value === null || isBsonValue(value)) return
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      const here = `${path}.${key}`
      if (key.startsWith('$') && context !== 'literal' && !vocabulary.has(key)) {
        violations.push({
          command: name,
          path: here,
          problem: `operator ${clip(key)} is not one the engine builds`
        })
      }
      if (['$where', '$function', '$accumulator'].includes(key)) {
        violations.push({ command: name, path: here, problem: `forbidden operator ${key}` })
      }
      walk(field, childContext(context, key), here, depth + 1)
    }
  }
  switch (name) {
    case 'find':
    case 'count':
    case 'distinct':
      walk(command.filter ?? command.query, 'query', 'filter', 0)
      walk(command.projection, 'expression', 'projection', 0)
      walk(command.sort, 'plain', 'sort', 0)
      break
    case 'aggregate':
      walkPipeline(command.pipeline, walk, 'pipeline')
      break
    default:
      // Other commands (hello, ping, getMore, killCursors, listCollections, ...) carry no payload text.
      walk(command, 'plain', name, 0)
  }
  return violations
}

type Walker = (value: unknown, context: Context, path: string, depth: number) => void

function walkPipeline(pipeline: unknown, walk: Walker, path: string): void {
  if (!Array.isArray(pipeline)) return
  pipeline.forEach((stage, index) => {
    if (typeof stage !== 'object' || stage === null) return
    for (const [operator, body] of Object.entries(stage as Record<string, unknown>)) {
      const here = `${path}[${index}].${operator}`
      walk({ [operator]: null }, 'expression', here, 0)
      if (operator === '$match') walk(body, 'query', here, 1)
      else if (operator === '$documents') walk(body, 'literal', here, 1)
      else if (operator === '$lookup' && typeof body === 'object' && body !== null) {
        const { pipeline: inner, ...rest } = body as Record<string, unknown>
        walk(rest, 'plain', here, 1)
        walkPipeline(inner, walk, `${here}.pipeline`)
      } else walk(body, 'expression', here, 1)
    }
  })
}

function childContext(context: Context, key: string): Context {
  if (context === 'literal' || key === '$literal') return 'literal'
  if (key === '$expr') return 'expression'
  return context
}

function isBsonValue(value: object): boolean {
  return (
    typeof (value as { _bsontype?: unknown })._bsontype === 'string' ||
    value instanceof Date ||
    value instanceof RegExp
  )
}

function clip(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
}

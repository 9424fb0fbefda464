import type { QueryPlan, QueryPlanStep } from './results'

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** A value in mongosh syntax: `ISODate(...)`, `ObjectId(...)`, regex literals, indented objects. */
export function toMongoshSyntax(value: unknown, indent = ''): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'bigint') return `NumberLong("${value}")`
  if (value instanceof Date) return `ISODate("${value.toISOString()}")`
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    const inner = indent + '  '
    return `[\n${value.map((item) => inner + toMongoshSyntax(item, inner)).join(',\n')}\n${indent}]`
  }
  if (typeof value === 'object') {
    const bson = bsonValueSyntax(value)
    if (bson !== null) return bson
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, field]) => field !== undefined
    )
    if (entries.length === 0) return '{}'
    const inner = indent + '  '
    const fields = entries.map(
      ([key, field]) =>
        `${inner}${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${toMongoshSyntax(field, inner)}`
    )
    return `{\n${fields.join(',\n')}\n${indent}}`
  }
  // Functions and symbols have no mongosh form.
  return 'null'
}

/** BSON wrapper classes, recognised by their tag so any build of `bson` works. */
function bsonValueSyntax(value: object): string | null {
  const tag = (value as { _bsontype?: unknown })._bsontype
  switch (tag) {
    case 'ObjectId':
      return `ObjectId("${(value as { toHexString(): string }).toHexString()}")`
    case 'Long':
      return `NumberLong("${(value as { toString(): string }).toString()}")`
    case 'Int32':
      return `NumberInt(${String((value as { value: number }).value)})`
    case 'Double':
      return String((value as { value: number }).value)
    case 'Decimal128':
      return `NumberDecimal("${(value as { toString(): string }).toString()}")`
    case 'BSONRegExp': {
      const regex = value as { pattern: string; options: string }
      return `/${regex.pattern}/${regex.options}`
    }
    default:
      return null
  }
}

function stepSyntax(step: QueryPlanStep): string {
  const collection = `db.getCollection(${JSON.stringify(step.collection)})`
  switch (step.operation) {
    case 'aggregate':
      return `${collection}.aggregate(${toMongoshSyntax(step.pipeline ?? [])}, { allowDiskUse: true })`
    case 'countDocuments':
      return `${collection}.countDocuments(${toMongoshSyntax(step.filter ?? {})})`
    case 'find': {
      const projection = step.projection ? `, ${toMongoshSyntax(step.projection)}` : ''
      const sort = step.sort ? `.sort(${toMongoshSyntax(step.sort)})` : ''
      return `${collection}.find(${toMongoshSyntax(step.filter ?? {})}${projection})${sort}`
    }
  }
}

/** A plan as a script to paste into mongosh, with the strategy and notes as comments. */
export function formatPlanForMongosh(plan: QueryPlan): string {
  const lines = [`// strategy: ${plan.strategy}`]
  for (const note of plan.notes) lines.push(`// note: ${note}`)
  for (const step of plan.steps) {
    if (step.index) lines.push(`// expected index: ${step.index}`)
    lines.push(`${stepSyntax(step)}\n`)
  }
  return `${lines.join('\n')}\n`
}

import { ObjectId } from 'bson'
import type { CollectionName } from './collection-files'

type FieldRule = 'id' | 'string' | 'date' | 'object'

/** Fields each collection must have (required) or, when present, must be of the right type. */
const SHAPES: Record<
  CollectionName,
  { required: [string, FieldRule][]; optional: [string, FieldRule][] }
> = {
  users: {
    required: [['_id', 'id']],
    optional: [
      ['name', 'string'],
      ['email', 'string'],
      ['createdAt', 'date'],
      ['lastActiveAt', 'date']
    ]
  },
  sessions: {
    required: [
      ['_id', 'id'],
      ['userId', 'id'],
      ['startTime', 'date']
    ],
    optional: [
      ['endTime', 'date'],
      ['deviceInfo', 'object'],
      ['ipAddress', 'string']
    ]
  },
  events: {
    required: [
      ['_id', 'id'],
      ['sessionId', 'id'],
      ['userId', 'id'],
      ['eventType', 'string'],
      ['timestamp', 'date']
    ],
    optional: [['metadata', 'object']]
  }
}

/**
 * What is wrong with a parsed document for its collection, in words for the person who made the
 * file; null when it has the minimum shape the engines rely on.
 */
export function describeShapeProblem(collection: CollectionName, document: unknown): string | null {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return `expected one JSON object per line, got ${describeValue(document)}`
  }
  const record = document as Record<string, unknown>
  const shape = SHAPES[collection]
  for (const [field, rule] of shape.required) {
    if (!(field in record) || record[field] === undefined || record[field] === null) {
      return `missing required field "${field}"`
    }
    const problem = checkField(field, rule, record[field])
    if (problem) return problem
  }
  for (const [field, rule] of shape.optional) {
    if (record[field] === undefined || record[field] === null) continue
    const problem = checkField(field, rule, record[field])
    if (problem) return problem
  }
  return null
}

function checkField(field: string, rule: FieldRule, value: unknown): string | null {
  switch (rule) {
    case 'id':
      return typeof value === 'string' || value instanceof ObjectId
        ? null
        : `"${field}" must be a string or an ObjectId ({"$oid": "..."}), got ${describeValue(value)}`
    case 'string':
      return typeof value === 'string'
        ? null
        : `"${field}" must be a string, got ${describeValue(value)}`
    case 'date':
      if (value instanceof Date && !Number.isNaN(value.getTime())) return null
      return typeof value === 'string'
        ? `"${field}" must be a date written as {"$date": "2025-01-31T12:00:00Z"}, got a plain string`
        : `"${field}" must be a date ({"$date": "..."}), got ${describeValue(value)}`
    case 'object':
      return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
        ? null
        : `"${field}" must be an object, got ${describeValue(value)}`
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Date) return 'a date'
  // Never the value itself: a data file's values may be personal data.
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `a ${typeof value}`
  }
  return typeof value
}

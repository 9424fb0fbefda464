import type { SchemaField, SchemaType } from 'mongodb-schema'

/** The BSON types the proposal reasons about (mongodb-schema's names). */
export type ProfiledType =
  | 'String'
  | 'Number'
  | 'Int32'
  | 'Long'
  | 'Double'
  | 'Decimal128'
  | 'Date'
  | 'ObjectId'
  | 'Boolean'
  | 'Document'
  | 'Array'
  | 'Null'
  | (string & {})

/** One field of a sampled collection: how often it occurs, with which types, and a few values. */
export interface FieldProfile {
  /** Dotted path (`properties.$current_url`). */
  path: string
  /** Share of sampled documents that have the field (any type but Undefined). */
  presence: number
  /** Share of sampled documents per type (Undefined left out), most common first. */
  types: { type: ProfiledType; share: number }[]
  /** Up to `MAX_VALUES` sampled values of the scalar types (strings, numbers, dates, ids). */
  values: unknown[]
  /** Distinct values among `values` (a low number suggests an event name or a device). */
  distinctValues: number
}

export interface CollectionProfile {
  name: string
  /** Documents in the collection (an estimate on servers). */
  documents: number
  /** Documents the profile was made from. */
  sampled: number
  /** How they were chosen: `$sample`, the first documents, or a file's first lines. */
  sampling: 'sample' | 'first-documents' | 'first-lines'
  fields: FieldProfile[]
}

const MAX_VALUES = 1000

/**
 * Profiles sampled documents with MongoDB's own schema analyser (mongodb-schema, as Compass does),
 * flattened to one entry per field path, nested documents included.
 */
export async function profileDocuments(
  documents: readonly Record<string, unknown>[],
  signal?: AbortSignal
): Promise<FieldProfile[]> {
  // Loaded when a mapping is proposed: no other command pays for it.
  const { parseSchema } = await import('mongodb-schema')
  const schema = await parseSchema(documents, {
    storeValues: true,
    semanticTypes: false,
    storedValuesLengthLimit: 2000,
    ...(signal ? { signal } : {})
  })
  const profiles: FieldProfile[] = []
  const total = Math.max(1, schema.count)
  const visit = (fields: SchemaField[]): void => {
    for (const field of fields) {
      profiles.push(toProfile(field, total))
      for (const type of field.types) {
        if (type.name === 'Document' && 'fields' in type) visit(type.fields)
      }
    }
  }
  visit(schema.fields)
  return profiles
}

function toProfile(field: SchemaField, total: number): FieldProfile {
  const present = field.types.filter((type) => type.name !== 'Undefined')
  const values: unknown[] = []
  for (const type of present) {
    if ('values' in type && Array.isArray(type.values)) {
      for (const value of type.values) if (values.length < MAX_VALUES) values.push(value)
    }
  }
  const distinct = new Set(values.map((value) => valueKey(value)))
  return {
    path: field.path.join('.'),
    presence: present.reduce((sum, type) => sum + type.count, 0) / total,
    types: present
      .map((type: SchemaType) => ({ type: type.name, share: type.count / total }))
      .sort((a, b) => b.share - a.share),
    values,
    distinctValues: distinct.size
  }
}

function valueKey(value: unknown): string {
  if (value instanceof Date) return `d${String(value.getTime())}`
  if (typeof value === 'object' && value !== null) {
    const hex = (value as { toHexString?: () => string }).toHexString?.()
    return `o${hex ?? JSON.stringify(value)}`
  }
  return `${typeof value}${String(value)}`
}

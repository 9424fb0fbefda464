import fc from 'fast-check'
import type { z } from 'zod'

/** What a value generator may be told: realistic strings to mix in, and schemas to generate by hand. */
export interface ArbitraryOptions {
  /** Strings from the data (event types, pages, browsers, ids) so some queries find something. */
  vocabulary?: readonly string[]
  /** A schema (by identity) whose values come from this arbitrary instead (a data source, say). */
  overrides?: ReadonlyMap<z.ZodType, fc.Arbitrary<unknown>>
}

interface Check {
  check?: string
  minimum?: number
  maximum?: number
  value?: number
  inclusive?: boolean
  format?: string
  pattern?: RegExp
}

interface Def {
  type: string
  shape?: Record<string, z.ZodType>
  innerType?: z.ZodType
  element?: z.ZodType
  options?: z.ZodType[]
  keyType?: z.ZodType
  valueType?: z.ZodType
  entries?: Record<string, string>
  values?: unknown[]
  checks?: { _zod: { def: Check } }[]
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def
}

function checksOf(def: Def): Check[] {
  return (def.checks ?? []).map((check) => check._zod.def)
}

/** Types the generator knows; a contract using another one fails the coverage test, loudly. */
export const SUPPORTED_TYPES = new Set([
  'object',
  'string',
  'number',
  'boolean',
  'date',
  'enum',
  'literal',
  'array',
  'optional',
  'default',
  'nullable',
  'union',
  'record'
])

/** Every zod type a schema uses that the generator does not know (empty when all are known). */
export function unsupportedTypes(schema: z.ZodType, seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return []
  seen.add(schema)
  const def = defOf(schema)
  const own = SUPPORTED_TYPES.has(def.type) ? [] : [def.type]
  const children = [
    ...Object.values(def.shape ?? {}),
    ...(def.innerType ? [def.innerType] : []),
    ...(def.element ? [def.element] : []),
    ...(def.options ?? [])
  ]
  return [...own, ...children.flatMap((child) => unsupportedTypes(child, seen))]
}

/**
 * Values shaped like a schema's input, mostly valid: strings within their lengths (some from the
 * vocabulary), numbers within their bounds, every optional field sometimes left out. Refinements
 * (`from < to`) are not known here, so some values still fail; callers that need valid ones filter.
 */
export function arbitraryFor(
  schema: z.ZodType,
  options: ArbitraryOptions = {}
): fc.Arbitrary<unknown> {
  const override = options.overrides?.get(schema)
  if (override) return override
  const def = defOf(schema)
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {}
      const fields: Record<string, fc.Arbitrary<unknown>> = {}
      const required: string[] = []
      for (const [key, field] of Object.entries(shape)) {
        const fieldDef = defOf(field)
        const optional = fieldDef.type === 'optional' || fieldDef.type === 'default'
        fields[key] = arbitraryFor(optional ? (fieldDef.innerType as z.ZodType) : field, options)
        if (!optional) required.push(key)
      }
      return fc.record(fields, { requiredKeys: required })
    }
    case 'string':
      return stringArbitrary(checksOf(def), options.vocabulary ?? [])
    case 'number':
      return numberArbitrary(checksOf(def))
    case 'boolean':
      return fc.boolean()
    case 'date':
      return fc.date({
        min: new Date('2024-09-01T00:00:00Z'),
        max: new Date('2025-12-31T00:00:00Z'),
        noInvalidDate: true
      })
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}))
    case 'literal':
      return fc.constantFrom(...(def.values ?? []))
    case 'array': {
      const checks = checksOf(def)
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0
      const max = checks.find((c) => c.check === 'max_length')?.maximum ?? min + 4
      return fc.array(arbitraryFor(def.element as z.ZodType, options), {
        minLength: min,
        maxLength: Math.min(max, min + 4)
      })
    }
    case 'optional':
    case 'default':
      return fc.option(arbitraryFor(def.innerType as z.ZodType, options), { nil: undefined })
    case 'nullable':
      return fc.option(arbitraryFor(def.innerType as z.ZodType, options), { nil: null })
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => arbitraryFor(option, options)))
    case 'record':
      // A record of known types (a read preference's tag set, say): keys and values of those types.
      if (def.keyType && def.valueType && defOf(def.valueType).type !== 'unknown') {
        return fc.dictionary(
          arbitraryFor(def.keyType, options) as fc.Arbitrary<string>,
          arbitraryFor(def.valueType, options),
          { minKeys: 1, maxKeys: 3 }
        )
      }
      // Documents (a plan step's filter, say): a few keys, some operator-like, with JSON values.
      return fc.dictionary(
        fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('$match', '$gte', 'userId')),
        fc.jsonValue({ maxDepth: 2 }),
        { maxKeys: 3 }
      )
    default:
      throw new Error(`arbitraryFor: zod type "${def.type}" is not supported; add it`)
  }
}

function stringArbitrary(checks: Check[], vocabulary: readonly string[]): fc.Arbitrary<string> {
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0
  const max = Math.min(checks.find((c) => c.check === 'max_length')?.maximum ?? 40, 60)
  const pattern = checks.find((c) => c.check === 'string_format' && c.format === 'regex')?.pattern
  if (pattern) {
    return fc
      .stringMatching(pattern)
      .filter((text) => text.length >= min && text.length <= max && pattern.test(text))
  }
  const fits = vocabulary.filter((word) => word.length >= min && word.length <= max)
  const random = fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, 1) })
  return fits.length > 0
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fits) }, { weight: 1, arbitrary: random })
    : random
}

function numberArbitrary(checks: Check[]): fc.Arbitrary<number> {
  const integer = checks.some((c) => c.check === 'number_format')
  const lower = checks.find((c) => c.check === 'greater_than')
  const upper = checks.find((c) => c.check === 'less_than')
  if (integer) {
    const min = lower ? (lower.inclusive ? (lower.value ?? 0) : (lower.value ?? 0) + 1) : -1000
    const max = upper ? (upper.inclusive ? (upper.value ?? 0) : (upper.value ?? 0) - 1) : 1000
    // Small values are the interesting ones (limits, steps, depths): favour them.
    return fc.oneof(fc.integer({ min, max: Math.min(max, min + 20) }), fc.integer({ min, max }))
  }
  return fc.double({ min: lower?.value ?? -1e6, max: upper?.value ?? 1e6, noNaN: true })
}

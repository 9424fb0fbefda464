export type NumericColumn = Float64Array | Int32Array | Uint32Array | Uint8Array

/** How a section is stored: a typed array of one element type, or UTF-8 JSON text. */
export type SectionKind = 'f64' | 'i32' | 'u32' | 'u8' | 'json'

/**
 * The named sections of a data set (typed arrays and small JSON values), wherever they live: in
 * memory after a load, or in a cache file read section by section when first asked for.
 */
export interface ColumnSource {
  has(name: string): boolean
  float64(name: string): Float64Array
  int32(name: string): Int32Array
  uint32(name: string): Uint32Array
  bytes(name: string): Uint8Array
  json(name: string): unknown
}

type Entry = { kind: 'array'; value: NumericColumn } | { kind: 'json'; value: unknown }

/** Sections held in memory, as a load builds them (and as the cache writer reads them). */
export class MemoryColumns implements ColumnSource {
  private readonly entries = new Map<string, Entry>()

  set(name: string, value: NumericColumn): void {
    this.entries.set(name, { kind: 'array', value })
  }

  setJson(name: string, value: unknown): void {
    this.entries.set(name, { kind: 'json', value })
  }

  has(name: string): boolean {
    return this.entries.has(name)
  }

  /** Every section with its kind, in the order they were set. */
  *sections(): Generator<{ name: string; kind: SectionKind; value: unknown }> {
    for (const [name, entry] of this.entries) {
      yield { name, kind: entry.kind === 'json' ? 'json' : kindOf(entry.value), value: entry.value }
    }
  }

  float64(name: string): Float64Array {
    return this.array(name, Float64Array)
  }

  int32(name: string): Int32Array {
    return this.array(name, Int32Array)
  }

  uint32(name: string): Uint32Array {
    return this.array(name, Uint32Array)
  }

  bytes(name: string): Uint8Array {
    return this.array(name, Uint8Array)
  }

  json(name: string): unknown {
    const entry = this.entries.get(name)
    if (entry?.kind !== 'json') throw new Error(`No JSON section ${name}`)
    return entry.value
  }

  private array<T extends NumericColumn>(name: string, type: new (n: number) => T): T {
    const entry = this.entries.get(name)
    if (entry?.kind !== 'array' || !(entry.value instanceof type)) {
      throw new Error(`No ${type.name} section ${name}`)
    }
    return entry.value
  }
}

export function kindOf(value: NumericColumn): SectionKind {
  if (value instanceof Float64Array) return 'f64'
  if (value instanceof Int32Array) return 'i32'
  if (value instanceof Uint32Array) return 'u32'
  return 'u8'
}

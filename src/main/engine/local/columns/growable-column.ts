type NumericArray = Float64Array | Int32Array | Uint32Array | Uint8Array

/** A typed array that grows as values are pushed; `view()` is the filled part. */
export class GrowableColumn<T extends NumericArray> {
  length = 0
  values: T

  constructor(private readonly make: (length: number) => T) {
    this.values = make(1024)
  }

  push(value: number): void {
    if (this.length === this.values.length) this.reserve(this.length + 1)
    this.values[this.length++] = value
  }

  /** Makes room for `length` values in all. */
  reserve(length: number): void {
    if (length <= this.values.length) return
    const grown = this.make(Math.max(length, this.values.length * 2))
    grown.set(this.values.subarray(0, this.length))
    this.values = grown
  }

  view(): T {
    return this.values.subarray(0, this.length) as T
  }

  /** Appends `values`, each plus `shift`. */
  pushAll(values: ArrayLike<number>, shift = 0): void {
    this.reserve(this.length + values.length)
    const target = this.values
    const at = this.length
    if (shift === 0) target.set(values, at)
    else for (let k = 0; k < values.length; k++) target[at + k] = (values[k] as number) + shift
    this.length += values.length
  }

  /** Appends `values` translated through `codes` (value v as `codes[v]`; negative ones as they are). */
  pushCoded(values: ArrayLike<number>, codes: Int32Array): void {
    this.reserve(this.length + values.length)
    const target = this.values
    const at = this.length
    for (let k = 0; k < values.length; k++) {
      const value = values[k] as number
      target[at + k] = value < 0 ? value : (codes[value] as number)
    }
    this.length += values.length
  }
}

export const float64Column = (): GrowableColumn<Float64Array> =>
  new GrowableColumn((n) => new Float64Array(n))
export const int32Column = (): GrowableColumn<Int32Array> =>
  new GrowableColumn((n) => new Int32Array(n))
export const uint32Column = (): GrowableColumn<Uint32Array> =>
  new GrowableColumn((n) => new Uint32Array(n))

/** Byte strings back to back with their offsets (`offsets` has one more entry than strings). */
export class ByteBlob {
  bytes = new Uint8Array(1 << 16)
  byteLength = 0
  readonly offsets = uint32Column()

  constructor() {
    this.offsets.push(0)
  }

  get count(): number {
    return this.offsets.length - 1
  }

  /** Appends `source[start..end)` as the next entry. */
  add(source: Uint8Array, start = 0, end = source.length): void {
    const length = end - start
    this.ensure(length)
    this.bytes.set(source.subarray(start, end), this.byteLength)
    this.finish(this.byteLength + length)
  }

  /** Appends a tag byte and `source[start..end)` as the next entry. */
  addTagged(tag: number, source: Uint8Array, start: number, end: number): void {
    const length = end - start
    this.ensure(length + 1)
    const at = this.byteLength
    this.bytes[at] = tag
    for (let k = 0; k < length; k++) this.bytes[at + 1 + k] = source[start + k] as number
    this.finish(at + 1 + length)
  }

  /** Appends a string's UTF-8 bytes as the next entry. */
  addText(text: string): void {
    this.ensure(text.length * 3)
    const { written } = encoder.encodeInto(text, this.bytes.subarray(this.byteLength))
    this.finish(this.byteLength + written)
  }

  /** Appends the entries of another blob (`bytes` and its `offsets`, as `view()` gives them). */
  addAll(bytes: Uint8Array, offsets: Uint32Array): void {
    this.ensure(bytes.length)
    const base = this.byteLength
    this.bytes.set(bytes, base)
    if (base + bytes.length > 0xffffffff) {
      throw new RangeError('More than 4 GB of document text in one collection')
    }
    this.byteLength = base + bytes.length
    this.offsets.pushAll(offsets.subarray(1), base)
  }

  /** Appends an empty entry. */
  addEmpty(): void {
    this.finish(this.byteLength)
  }

  private ensure(extra: number): void {
    const needed = this.byteLength + extra
    if (needed <= this.bytes.length) return
    const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2))
    grown.set(this.bytes.subarray(0, this.byteLength))
    this.bytes = grown
  }

  private finish(end: number): void {
    if (end > 0xffffffff) throw new RangeError('More than 4 GB of document text in one collection')
    this.byteLength = end
    this.offsets.push(end)
  }

  view(): { bytes: Uint8Array; offsets: Uint32Array } {
    return { bytes: this.bytes.subarray(0, this.byteLength), offsets: this.offsets.view() }
  }
}

const encoder = new TextEncoder()
